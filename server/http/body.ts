import type { IncomingMessage } from 'node:http'
import { ApiError } from '../errors'

/** Reads a JSON request body of at most `limit` bytes. An empty body reads as
 *  an empty object, so `POST` without a body gets field-level errors. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? ''
  if (type && !/^application\/json\b/i.test(type)) {
    throw new ApiError(415, 'unsupported-media-type', 'send the body as JSON with Content-Type: application/json')
  }
  const text = (await readRawBody(req, limit)).toString('utf8')
  if (!text.trim()) return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new ApiError(400, 'invalid-json', 'the body is not valid JSON')
  }
}

/** Reads a request body of at most `limit` bytes as it came (an uploaded file). */
export async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > limit) throw new ApiError(413, 'too-large', `the body is over ${limit} bytes`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw new ApiError(413, 'too-large', `the body is over ${limit} bytes`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}
