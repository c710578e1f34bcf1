import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

async function fileAt(root: string, pathname: string): Promise<string | null> {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  const file = normalize(join(root, decoded))
  // Never serve anything outside the client directory.
  if (file !== root && !file.startsWith(root + sep)) return null
  const info = await stat(file).catch(() => null)
  if (info?.isFile()) return file
  if (info?.isDirectory()) return fileAt(root, join(decoded, 'index.html'))
  return null
}

/** Serves the built client from `root`: files as they are, and index.html for
 *  any other path (the client routes itself). Answers 503 with a hint when
 *  the client has not been built. */
export async function serveClient(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
): Promise<void> {
  const file = (await fileAt(root, pathname)) ?? (extname(pathname) ? null : await fileAt(root, '/index.html'))
  if (!file) {
    const built = await fileAt(root, '/index.html')
    res.writeHead(built ? 404 : 503, { 'content-type': 'text/plain; charset=utf-8' })
    res.end(built ? 'Not found\n' : 'The client is not built: run `npm run build` (npm start does it), then reload.\n')
    return
  }
  const immutable = file.includes(`${sep}assets${sep}`)
  res.writeHead(200, {
    'content-type': types[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  if (req.method === 'HEAD') return void res.end()
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res)
}
