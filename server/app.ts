import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { watchRevocations } from './auth/revocations'
import { TokenService, loadSecret } from './auth/tokens'
import { textRoot } from './core/clauses'
import { RoomRegistry, type RoomResolver } from './core/rooms'
import { apiRoutes } from './http/api'
import { httpHandler } from './http/server'
import { attachSync } from './http/sync'
import { defaultLimits, type Limits } from './limits'
import { consoleLog, type Log } from './log'
import { sharedDiffEngine, type DiffEngine } from './negotiations/diff'
import { loadMetaFromStorage, parseRoomName } from './negotiations/meta'
import { InvitationService } from './negotiations/invitations'
import { NegotiationService } from './negotiations/service'
import { checkTextStructure } from './negotiations/structure'
import { packageRoot } from './paths'
import { openStorage } from './storage'
import type { Durability } from './storage/sqlite'
import type { Storage } from './storage/types'

/** How to run a server (tests pass a temp dataDir and port 0). */
export interface ServerOptions {
  /** Where data and the signing secret live; `:memory:` keeps the data in
   *  memory (the secret still needs `secretDir`). */
  dataDir: string
  /** Where the signing secret lives when dataDir is `:memory:`. */
  secretDir?: string
  host?: string
  port?: number
  durability?: Durability
  limits?: Partial<Limits>
  log?: Log
  /** The built client; defaults to dist/client in the project. */
  clientDir?: string
  /** The base of invitation links, given the bound port. */
  baseUrl?: (port: number) => string
  /** The comparison engine; defaults to the shared one. */
  diff?: DiffEngine
}

/** A running server. */
export interface RunningServer {
  url: string
  port: number
  storage: Storage
  tokens: TokenService
  rooms: RoomRegistry
  http: Server
  /** Stops accepting, closes sockets, stores everything, closes the store. */
  close(): Promise<void>
}

const defaultClientDir = join(packageRoot, 'dist', 'client')

/** How room names map to rooms: the text is edited by clients; the meta room
 *  is written by the server only and rebuilt from the tables on load. */
function roomResolver(storage: Storage, limits: Limits, log: Log): RoomResolver {
  return async (name) => {
    const parsed = parseRoomName(name)
    if (!parsed || !(await storage.negotiations.get(parsed.negotiationId))) return null
    const common = { documents: storage.documents, limits, log }
    if (parsed.kind === 'text')
      return { ...common, writableRoot: textRoot, trackClauses: true, validate: checkTextStructure }
    return {
      ...common,
      writableRoot: null,
      trackClauses: false,
      afterLoad: async (room) => room.change(await loadMetaFromStorage(storage, parsed.negotiationId)),
    }
  }
}

/** Starts the HTTP + WebSocket server on one port. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? consoleLog
  const limits = { ...defaultLimits, ...options.limits }
  const storage = openStorage(options.dataDir, options.durability)
  const tokens = new TokenService(loadSecret(options.secretDir ?? options.dataDir), storage.tokens)
  const rooms = new RoomRegistry(roomResolver(storage, limits, log), limits.roomIdleMs)
  const diff = options.diff ?? sharedDiffEngine
  let base = ''
  const service = new NegotiationService(storage, rooms, diff)
  const invitations = new InvitationService(service, tokens, storage.tokens, rooms, () => base)
  const http = createServer(
    httpHandler({
      router: apiRoutes(service, invitations, storage),
      tokens,
      log,
      clientDir: options.clientDir ?? defaultClientDir,
      maxBodyBytes: limits.maxBodyBytes,
      maxUploadBytes: limits.maxUploadBytes,
    }),
  )
  const sync = attachSync(http, { rooms, tokens, limits, log })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve())
  })
  const port = (http.address() as AddressInfo).port
  const revocations = watchRevocations(rooms, storage.tokens, limits.revocationCheckMs, log)
  base = options.baseUrl?.(port) ?? `http://${options.host ?? '127.0.0.1'}:${port}`
  let closing: Promise<void> | null = null
  return {
    url: base,
    port,
    storage,
    tokens,
    rooms,
    http,
    close: () =>
      (closing ??= (async () => {
        revocations.stop()
        sync.close()
        await new Promise<void>((resolve) => {
          http.close(() => resolve())
          http.closeAllConnections()
        })
        await rooms.closeAll()
        await storage.close()
      })()),
  }
}
