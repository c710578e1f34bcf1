import type { IncomingMessage, ServerResponse } from 'node:http'
import { TokenError, type TokenService } from '../auth/tokens'
import { ApiError } from '../errors'
import type { Log } from '../log'
import { readJsonBody, readRawBody } from './body'
import type { Reply, Router } from './router'
import { serveClient } from './static'

/** What the request listener needs. */
export interface HttpOptions {
  router: Router
  tokens: TokenService
  clientDir: string
  maxBodyBytes: number
  maxUploadBytes: number
  log: Log
}

/** The bearer token of a request (`Authorization: Bearer T`), or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')
  return m ? m[1] : null
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'cache-control': 'no-store' }
  if ('json' in reply) {
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify(reply.json))
  } else if ('body' in reply) {
    const disposition = reply.filename
      ? { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(reply.filename)}` }
      : {}
    res.writeHead(reply.status, { ...headers, ...disposition, 'content-type': reply.type })
    res.end(reply.body)
  } else {
    res.writeHead(reply.status, headers)
    res.end()
  }
}

const errorReply = (e: ApiError): Reply => ({
  status: e.status,
  json: { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } },
})

/** The request listener: `/api/*` through the router, anything else the
 *  built client. Every failure answers JSON `{ error: { code, message } }`. */
export function httpHandler(options: HttpOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!url.pathname.startsWith('/api/') && url.pathname !== '/api') {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, errorReply(new ApiError(405, 'method-not-allowed', 'only GET serves the client')))
      return serveClient(options.clientDir, req, res, url.pathname)
    }
    try {
      send(res, await route(options, req, url))
    } catch (e) {
      if (!(e instanceof ApiError)) options.log.error(`${req.method} ${url.pathname} failed`, e)
      send(
        res,
        errorReply(
          e instanceof ApiError
            ? e
            : new ApiError(500, 'internal', 'the server failed on this request; it has been logged'),
        ),
      )
    }
  }
}

async function route(options: HttpOptions, req: IncomingMessage, url: URL): Promise<Reply> {
  const match = options.router.match(req.method ?? 'GET', url.pathname)
  if (!match) throw new ApiError(404, 'not-found', `no API at ${url.pathname}; see docs/API.md`)
  if ('allowed' in match)
    throw new ApiError(405, 'method-not-allowed', `${url.pathname} takes ${match.allowed.join(', ')}`)
  return match.handler({
    req,
    url,
    params: match.params,
    identity: () =>
      options.tokens.verify(bearerToken(req)).catch((e: unknown) => {
        if (e instanceof TokenError) throw new ApiError(401, 'unauthorized', e.message)
        throw e
      }),
    body: () => readJsonBody(req, options.maxBodyBytes),
    rawBody: () => readRawBody(req, options.maxUploadBytes),
  })
}
