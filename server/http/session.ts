import type { IncomingMessage } from 'node:http'
import { TokenError, ticketSeconds, type TokenService } from '../auth/tokens'
import { ApiError } from '../errors'
import type { Log } from '../log'
import type { Router } from './router'

/** The browser session cookie. */
export const sessionCookieName = 'rt_session'
/** How long a browser session lasts (capped by the link's own expiry). */
export const sessionSeconds = 30 * 24 * 3600

/** The session cookie of a request, or null. */
export function sessionCookie(req: IncomingMessage): string | null {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === sessionCookieName) return decodeURIComponent(value.join('='))
  }
  return null
}

/** The bearer token of a request (`Authorization: Bearer T`), or null. */
export function bearerToken(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')
  return m?.[1] ?? null
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** The credential of an HTTP request: the bearer token (programmatic
 *  clients), else the session cookie. A cookie-authenticated request that
 *  changes something must come from one of our own pages (its Origin), so
 *  another site cannot make a delegate's browser act for them. */
export function requestCredential(req: IncomingMessage, origins: string[]): string | null {
  const bearer = bearerToken(req)
  if (bearer) return bearer
  const cookie = sessionCookie(req)
  if (cookie && unsafe.has(req.method ?? '') && req.headers.origin) {
    const own = [`http://${req.headers.host}`, `https://${req.headers.host}`, ...origins]
    if (!own.includes(req.headers.origin))
      throw new ApiError(403, 'cross-site', `a request from ${req.headers.origin} may not use this session`)
  }
  return cookie
}

const cookie = (value: string, maxAge: number, https: boolean) =>
  `${sessionCookieName}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${https ? '; Secure' : ''}`

/** `POST /api/session` (with `Authorization: Bearer LINK_TOKEN`) trades an
 *  invitation's token for an HttpOnly session cookie, once, so the token
 *  never has to travel again; `DELETE /api/session` ends it. `POST
 *  /api/tickets` gives a WebSocket ticket (one upgrade, within a minute). */
export function sessionRoutes(
  router: Router,
  tokens: TokenService,
  log: Log,
  https: () => boolean,
  origins: () => string[],
): void {
  router.add('POST', '/api/session', async (ctx) => {
    const token = bearerToken(ctx.req)
    if (!token?.startsWith('rt1.'))
      throw new ApiError(400, 'invalid-input', 'send the invitation token as Authorization: Bearer TOKEN')
    const me = await ctx.identity()
    const expiry = tokens.expiryOf(token)
    const ttl = Math.max(1, Math.min(sessionSeconds, expiry ? expiry - Math.floor(Date.now() / 1000) : sessionSeconds))
    log.info('session started', { event: 'session-started', invitation: me.tokenId, role: me.role })
    return {
      status: 200,
      json: {
        role: me.role,
        state: me.state,
        negotiation: me.negotiation,
        name: me.name,
        invitation: me.tokenId,
        expiresIn: ttl,
      },
      headers: { 'set-cookie': cookie(tokens.session(me.tokenId, ttl), ttl, https()) },
    }
  })
  // A programmatic WebSocket client's alternative to sending its token on
  // the upgrade: what it sends there is good once, for a minute.
  router.add('POST', '/api/tickets', async (ctx) => {
    const me = await ctx.identity()
    return { status: 201, json: { ticket: tokens.ticket(me.tokenId), expiresIn: ticketSeconds } }
  })
  // Signing out ends the session itself, not only this browser's cookie:
  // a copy of the cookie (a shared conference computer) opens nothing after.
  router.add('DELETE', '/api/session', async (ctx) => {
    const session = requestCredential(ctx.req, origins())
    if (session?.startsWith('rts1.')) {
      await tokens.endSession(session).catch((e: unknown) => {
        if (!(e instanceof TokenError)) throw e
      })
      log.info('session ended', { event: 'session-ended' })
    }
    return { status: 200, json: { ended: true }, headers: { 'set-cookie': cookie('', 0, https()) } }
  })
}
