import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { may } from '../../shared/protocol/roles'
import { authorOf, mayAccess, type Identity } from '../auth/identity'
import { TokenError, type TokenService } from '../auth/tokens'
import { CloseCode, CloseError } from '../core/close-codes'
import { Connection, type Grant } from '../core/connection'
import type { Room } from '../core/room'
import type { RoomRegistry } from '../core/rooms'
import type { Limits } from '../limits'
import { TokenBudgets } from '../limits/tokens'
import type { Log } from '../log'
import { parseRoomName } from '../negotiations/meta'
import type { Metrics } from './metrics'
import { sessionCookie } from './session'

/** What the sync endpoint needs. */
export interface SyncOptions {
  rooms: RoomRegistry
  tokens: TokenService
  limits: Limits
  log: Log
  /** Send a ping this often; a socket that missed the last pong is dropped. */
  heartbeatMs?: number
  /** Connections and refusals are counted here. */
  metrics?: Metrics
  /** The origins a browser's cookie session may connect from (the public
   *  URL's); the request's own Host is always one. */
  origins?: string[]
}

/** The subprotocol a client names beside its token (`Sec-WebSocket-Protocol:
 *  rolling-text, rt1.…`); the server answers with it, never with the token. */
export const syncProtocol = 'rolling-text'

/** Close codes that refuse what a client sent (logged and counted). */
const refusals = new Set<number>([CloseCode.malformed, CloseCode.tooLarge, CloseCode.rateLimited, 1013])

/** Where a sync connection's credential came from. */
type CredentialSource = 'subprotocol' | 'ticket' | 'cookie' | 'query' | 'none'

/** The credential of an upgrade: a token or a ticket among the subprotocols
 *  (programmatic clients), a ticket as `?ticket=` (good once, for a minute:
 *  harmless in a log), the session cookie (browsers; only from an allowed
 *  Origin), or the deprecated `?token=`. */
function credentialOf(
  req: IncomingMessage,
  url: URL,
  origins: string[],
): { token: string | null; source: CredentialSource } {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
  const fromProtocol = offered.find((p) => p.startsWith('rt1.') || p.startsWith('rts1.') || p.startsWith('rtt1.'))
  if (fromProtocol?.startsWith('rtt1.')) return { token: fromProtocol, source: 'ticket' }
  if (fromProtocol) return { token: fromProtocol, source: 'subprotocol' }
  const ticket = url.searchParams.get('ticket')
  if (ticket) return { token: ticket, source: 'ticket' }
  const cookie = sessionCookie(req)
  if (cookie) {
    const origin = req.headers.origin
    const own = [`http://${req.headers.host}`, `https://${req.headers.host}`, ...origins]
    if (origin && !own.includes(origin))
      throw new CloseError(CloseCode.forbidden, `a session from ${origin} may not connect here`)
    return { token: cookie, source: 'cookie' }
  }
  const fromQuery = url.searchParams.get('token')
  return fromQuery ? { token: fromQuery, source: 'query' } : { token: null, source: 'none' }
}

// After a close, a socket that still owes this much is dropped outright:
// its close frame sits behind everything it did not read.
const closeGraceMs = 250

// A Buffer is a Uint8Array already: no copy on the hot path.
const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data

/** The WebSocket endpoint `/sync/ROOM`, y-websocket compatible; the token
 *  comes as a subprotocol, a ticket, a session cookie or (deprecated)
 *  `?token=`. The
 *  upgrade is always accepted, so a refusal can carry a close code the
 *  client can show (an HTTP 401 on upgrade reaches y-websocket as a bare
 *  1006, and it would retry forever). */
export function attachSync(server: Server, options: SyncOptions): { close(): void } {
  const budgets = new TokenBudgets(options.limits)
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.limits.hardMaxMessageBytes,
    // Answer with our own name, never echo a token offered as a protocol.
    handleProtocols: (offered) => (offered.has(syncProtocol) ? syncProtocol : false),
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!url.pathname.startsWith('/sync/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => void accept(ws, req, url, options, budgets))
  })
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      const alive = ws as WebSocket & { isAlive?: boolean }
      if (alive.isAlive === false) {
        ws.terminate()
        continue
      }
      alive.isAlive = false
      ws.ping()
    }
  }, options.heartbeatMs ?? 30_000)
  heartbeat.unref()
  return {
    close() {
      clearInterval(heartbeat)
      for (const ws of wss.clients) ws.close(CloseCode.goingAway, 'the server is restarting; reconnecting')
      wss.close()
    },
  }
}

async function authorize(
  req: IncomingMessage,
  url: URL,
  options: SyncOptions,
): Promise<{ identity: Identity; room: Room }> {
  let identity: Identity
  const { token, source } = credentialOf(req, url, options.origins ?? [])
  try {
    identity = source === 'ticket' && token ? await options.tokens.redeem(token) : await options.tokens.verify(token)
  } catch (e) {
    if (e instanceof TokenError) {
      options.log.warn('authentication failed', { event: 'auth-failed', on: 'sync', code: e.code, source })
      throw new CloseError(CloseCode.unauthorized, e.message)
    }
    throw e
  }
  if (source === 'query')
    options.log.warn(
      'a sync connection sent its token in the URL (?token=), which proxies log; use the subprotocol or a session cookie (deprecated, removed in the next release)',
      {
        event: 'deprecated-query-token',
        invitation: identity.tokenId,
      },
    )
  let name: string
  try {
    name = decodeURIComponent(url.pathname.slice('/sync/'.length))
  } catch {
    name = ''
  }
  const parsed = parseRoomName(name)
  if (!parsed)
    throw new CloseError(CloseCode.notFound, `no room '${name}': rooms are NEGOTIATION_ID or NEGOTIATION_ID:meta`)
  if (!mayAccess(identity, parsed.negotiationId))
    throw new CloseError(CloseCode.forbidden, 'your invitation is for another negotiation')
  const room = await options.rooms.open(name)
  if (!room) throw new CloseError(CloseCode.notFound, `no negotiation '${parsed.negotiationId}'`)
  return { identity, room }
}

/** What the core lets a connection do: write the text when the role may edit it. */
function grantOf(identity: Identity): Grant {
  const readOnly = may(identity.role, 'edit-text') ? null : `a ${identity.role} may read the text but not change it`
  return { author: authorOf(identity), readOnly }
}

async function accept(
  ws: WebSocket,
  req: IncomingMessage,
  url: URL,
  options: SyncOptions,
  budgets: TokenBudgets,
): Promise<void> {
  // Hold frames that arrive while the token is checked.
  const early: [RawData, boolean][] = []
  let gone = false
  const hold = (data: RawData, isBinary: boolean) => early.push([data, isBinary])
  ws.on('message', hold)
  ws.on('close', () => {
    gone = true
  })
  ws.on('error', (e) => options.log.warn(`socket error: ${e.message}`, { event: 'socket-error' }))
  ws.on('pong', () => {
    ;(ws as WebSocket & { isAlive?: boolean }).isAlive = true
  })
  let grant: { identity: Identity; room: Room }
  try {
    grant = await authorize(req, url, options)
  } catch (e) {
    const refusal =
      e instanceof CloseError ? e : new CloseError(CloseCode.internalError, 'the server failed to open this room')
    if (!(e instanceof CloseError)) options.log.error('opening a sync connection failed', e)
    options.log.info('sync connection refused', {
      event: 'connection-refused',
      code: refusal.code,
      reason: refusal.message,
    })
    return ws.close(refusal.code, refusal.message)
  }
  if (gone) return
  const budget = budgets.open(grant.identity.tokenId)
  if (!budget) {
    const max = options.limits.maxConnectionsPerToken
    options.log.warn(`refused a sync connection: invitation ${grant.identity.tokenId} already holds ${max}`, {
      event: 'connection-refused',
      invitation: grant.identity.tokenId,
      code: CloseCode.rateLimited,
    })
    return ws.close(CloseCode.rateLimited, `this link already has ${max} open connections; close some tabs or windows`)
  }
  const room = grant.room.name
  const who = { room, invitation: grant.identity.tokenId, role: grant.identity.role }
  options.log.info('sync connection opened', { event: 'connection-opened', ...who })
  options.metrics?.connectionOpened()
  ws.once('close', (code, reason) => {
    options.metrics?.connectionClosed()
    options.log.info('sync connection closed', { event: 'connection-closed', ...who, code, reason: reason.toString() })
  })
  const refuse = (code: number, reason: string) => {
    if (!refusals.has(code)) return
    options.metrics?.refused(String(code))
    options.log.warn('update refused', { event: 'update-refused', ...who, code, reason })
  }
  const connection = new Connection(
    grant.room,
    grantOf(grant.identity),
    {
      send: (frame) => ws.send(frame, { binary: true }),
      close(code, reason) {
        refuse(code, reason)
        ws.close(code, reason)
        if (ws.bufferedAmount > 0) setTimeout(() => ws.terminate(), closeGraceMs).unref()
      },
      get bufferedAmount() {
        return ws.bufferedAmount
      },
    },
    options.limits,
    options.log,
    budget,
  )
  const receive = (data: RawData, isBinary: boolean) => {
    if (!isBinary)
      return connection.close(CloseCode.malformed, 'malformed message: text frame (the protocol is binary)')
    connection.receive(toBytes(data))
  }
  ws.off('message', hold)
  ws.on('message', receive)
  ws.on('close', () => connection.disconnected())
  for (const [data, isBinary] of early) receive(data, isBinary)
}
