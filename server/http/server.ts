import type { IncomingMessage, ServerResponse } from 'node:http'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { TokenError, type TokenService } from '../auth/tokens'
import { ApiError } from '../errors'
import type { Log } from '../log'
import { readJsonBody, readRawBody } from './body'
import { setSecurityHeaders } from './headers'
import { requestCredential } from './session'
import type { Reply, Router } from './router'
import { clientFiles } from './static'

/** What the request listener needs. */
export interface HttpOptions {
  router: Router
  tokens: TokenService
  clientDir: string
  maxBodyBytes: number
  maxUploadBytes: number
  log: Log
  /** Served over https (PUBLIC_URL): adds Strict-Transport-Security. */
  https?: boolean
  /** Whether the server is shutting down: new requests get 503. */
  draining?: () => boolean
  /** Told of every response (metrics). */
  observe?: (status: number) => void
  /** Origins our pages are served from besides the request's Host (PUBLIC_URL). */
  origins?: string[]
  /** Admits a heavy request (exports, comparisons, imports) for a caller, or
   *  throws a 429 ApiError; returns what to call once it is done. */
  admitHeavy?: (route: string, who: string) => () => void
}

/** Routes that render or read whole documents: rate-limited per invitation. */
export const heavyRoutes = new Set([
  'GET /api/negotiations/:id/export',
  'GET /api/negotiations/:id/diff',
  'GET /api/negotiations/:id/history',
  'GET /api/negotiations/:id/matrix',
  'POST /api/negotiations/:id/readings/import',
  'POST /api/negotiations',
])

/** What an operator reads in the log for a successful request, by route. */
const routeEvents: Record<string, string> = {
  'POST /api/negotiations': 'negotiation-created',
  'POST /api/negotiations/:id/readings': 'reading-frozen',
  'POST /api/negotiations/:id/readings/import': 'import',
  'GET /api/negotiations/:id/export': 'export',
  'GET /api/negotiations/:id/diff': 'export',
  'GET /api/negotiations/:id/history': 'export',
  'DELETE /api/negotiations/:id/invitations/:iid': 'revocation',
  'POST /api/negotiations/:id/invitations': 'invitation',
}

const gzipAsync = promisify(gzip)
const brotliAsync = promisify(brotliCompress)
/** Bodies below this are sent as they are: compressing costs more than it saves. */
const compressAbove = 1024
const compressible = /^(text\/|application\/(json|xml|akn\+xml)|image\/svg)/

/** The body compressed the way the client accepts (brotli, else gzip), off
 *  the event loop (zlib runs on libuv's threads), or as it is. */
async function encode(
  req: IncomingMessage,
  body: Buffer,
  type: string,
): Promise<{ body: Buffer; encoding: string | null }> {
  const accepted = String(req.headers['accept-encoding'] ?? '')
  if (body.length < compressAbove || !compressible.test(type)) return { body, encoding: null }
  if (/\bbr\b/.test(accepted))
    return {
      body: await brotliAsync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
      encoding: 'br',
    }
  if (/\bgzip\b/.test(accepted)) return { body: await gzipAsync(body), encoding: 'gzip' }
  return { body, encoding: null }
}

/** The bearer token of a request (`Authorization: Bearer T`), or null. */
export { bearerToken } from './session'

/** Sends a reply with its Content-Length, compressed when it pays. */
async function send(req: IncomingMessage, res: ServerResponse, reply: Reply): Promise<void> {
  const headers: Record<string, string> = { 'cache-control': 'no-store' }
  if ('allow' in reply && reply.allow) headers.allow = reply.allow
  if ('headers' in reply && reply.headers) Object.assign(headers, reply.headers)
  if (!('json' in reply) && !('body' in reply)) {
    res.writeHead(reply.status, { ...headers, 'content-length': '0' })
    return void res.end()
  }
  const type = 'json' in reply ? 'application/json; charset=utf-8' : reply.type
  const raw = Buffer.from('json' in reply ? JSON.stringify(reply.json) : reply.body)
  if ('filename' in reply && reply.filename)
    headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(reply.filename)}`
  const { body, encoding } = await encode(req, raw, type)
  if (encoding) headers['content-encoding'] = encoding
  if (compressible.test(type)) headers.vary = 'Accept-Encoding'
  res.writeHead(reply.status, { ...headers, 'content-type': type, 'content-length': String(body.length) })
  res.end(req.method === 'HEAD' ? undefined : body)
}

const errorReply = (e: ApiError): Reply => ({
  status: e.status,
  json: { error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } },
  ...(e.allow ? { allow: e.allow } : {}),
})

/** The request listener: `/api/*` and `/metrics` through the router, the
 *  built client at `/` and its files, 404 for anything else. Every failure
 *  answers JSON `{ error: { code, message } }`. */
export function httpHandler(options: HttpOptions) {
  const client = clientFiles(options.clientDir)
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res, options.https ?? false)
    if (options.observe) res.once('finish', () => options.observe?.(res.statusCode))
    const url = new URL(req.url ?? '/', 'http://localhost')
    const fail = (e: ApiError) => send(req, res, errorReply(e))
    if (options.draining?.()) {
      res.setHeader('retry-after', '5')
      res.setHeader('connection', 'close')
      return fail(new ApiError(503, 'shutting-down', 'the server is restarting: try again in a few seconds'))
    }
    const routed = options.router.match(req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET'), url.pathname)
    if (!routed && !url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return fail(
          new ApiError(405, 'method-not-allowed', 'only GET and HEAD serve the client', undefined, 'GET, HEAD'),
        )
      return client(req, res, () => void fail(new ApiError(404, 'not-found', `nothing at ${url.pathname}`)))
    }
    try {
      await send(req, res, await route(options, req, url, routed))
    } catch (e) {
      if (!(e instanceof ApiError)) options.log.error(`${req.method} ${url.pathname} failed`, e)
      await fail(
        e instanceof ApiError
          ? e
          : new ApiError(500, 'internal', 'the server failed on this request; it has been logged'),
      )
    }
  }
}

async function route(
  options: HttpOptions,
  req: IncomingMessage,
  url: URL,
  match: ReturnType<Router['match']>,
): Promise<Reply> {
  if (!match) throw new ApiError(404, 'not-found', `no API at ${url.pathname}; see docs/API.md`)
  if ('allowed' in match) {
    const allowed = [...new Set([...match.allowed, ...(match.allowed.includes('GET') ? ['HEAD'] : [])])]
    throw new ApiError(
      405,
      'method-not-allowed',
      `${url.pathname} takes ${allowed.join(', ')}`,
      undefined,
      allowed.join(', '),
    )
  }
  let release = () => {}
  let caller: string | null = null
  const context = {
    req,
    url,
    params: match.params,
    identity: async () =>
      options.tokens.verify(requestCredential(req, options.origins ?? [])).catch((e: unknown) => {
        if (e instanceof TokenError) {
          options.log.warn('authentication failed', { event: 'auth-failed', on: 'http', code: e.code })
          throw new ApiError(401, 'unauthorized', e.message)
        }
        throw e
      }),
    body: () => readJsonBody(req, options.maxBodyBytes),
    rawBody: () => readRawBody(req, options.maxUploadBytes),
  }
  const identity = context.identity
  context.identity = async () => {
    const me = await identity()
    if (caller === null) {
      caller = me.tokenId
      if (options.admitHeavy && heavyRoutes.has(match.name)) release = options.admitHeavy(match.name, me.tokenId)
    }
    return me
  }
  try {
    const reply = await match.handler(context)
    const event = routeEvents[match.name]
    if (event)
      options.log.info(event, {
        event,
        route: match.name,
        negotiation: match.params.id ?? null,
        invitation: caller,
        status: reply.status,
        ...(url.searchParams.get('format') ? { format: url.searchParams.get('format') } : {}),
      })
    return reply
  } finally {
    release()
  }
}
