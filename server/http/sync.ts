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

/** What the sync endpoint needs. */
export interface SyncOptions {
  rooms: RoomRegistry
  tokens: TokenService
  limits: Limits
  log: Log
  /** Send a ping this often; a socket that missed the last pong is dropped. */
  heartbeatMs?: number
}

// After a close, a socket that still owes this much is dropped outright:
// its close frame sits behind everything it did not read.
const closeGraceMs = 250

// A Buffer is a Uint8Array already: no copy on the hot path.
const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data

/** The WebSocket endpoint `/sync/ROOM?token=T`, y-websocket compatible. The
 *  upgrade is always accepted, so a refusal can carry a close code the
 *  client can show (an HTTP 401 on upgrade reaches y-websocket as a bare
 *  1006, and it would retry forever). */
export function attachSync(server: Server, options: SyncOptions): { close(): void } {
  const budgets = new TokenBudgets(options.limits)
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.limits.hardMaxMessageBytes })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!url.pathname.startsWith('/sync/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => void accept(ws, url, options, budgets))
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

async function authorize(url: URL, options: SyncOptions): Promise<{ identity: Identity; room: Room }> {
  let identity: Identity
  try {
    identity = await options.tokens.verify(url.searchParams.get('token'))
  } catch (e) {
    if (e instanceof TokenError) throw new CloseError(CloseCode.unauthorized, e.message)
    throw e
  }
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

async function accept(ws: WebSocket, url: URL, options: SyncOptions, budgets: TokenBudgets): Promise<void> {
  // Hold frames that arrive while the token is checked.
  const early: [RawData, boolean][] = []
  let gone = false
  const hold = (data: RawData, isBinary: boolean) => early.push([data, isBinary])
  ws.on('message', hold)
  ws.on('close', () => {
    gone = true
  })
  ws.on('error', (e) => options.log.warn(`socket error: ${e.message}`))
  ws.on('pong', () => {
    ;(ws as WebSocket & { isAlive?: boolean }).isAlive = true
  })
  let grant: { identity: Identity; room: Room }
  try {
    grant = await authorize(url, options)
  } catch (e) {
    const refusal =
      e instanceof CloseError ? e : new CloseError(CloseCode.internalError, 'the server failed to open this room')
    if (!(e instanceof CloseError)) options.log.error('opening a sync connection failed', e)
    return ws.close(refusal.code, refusal.message)
  }
  if (gone) return
  const budget = budgets.open(grant.identity.tokenId)
  if (!budget) {
    const max = options.limits.maxConnectionsPerToken
    options.log.warn(`refused a sync connection: invitation ${grant.identity.tokenId} already holds ${max}`)
    return ws.close(CloseCode.rateLimited, `this link already has ${max} open connections; close some tabs or windows`)
  }
  const connection = new Connection(
    grant.room,
    grantOf(grant.identity),
    {
      send: (frame) => ws.send(frame, { binary: true }),
      close(code, reason) {
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
