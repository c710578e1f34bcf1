import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { join } from 'node:path'
import { type SessionDirectory, watchRevocations } from './auth/revocations'
import { TokenService, loadKeyring, revokedMessage } from './auth/tokens'
import { CloseCode } from './core/close-codes'
import { textRoot } from '../shared/protocol/rooms'
import { RoomRegistry, type RoomResolver } from './core/rooms'
import { apiRoutes } from './http/api'
import { HeavyWork } from './http/heavy'
import { Metrics } from './http/metrics'
import { opsRoutes } from './http/ops'
import { httpHandler } from './http/server'
import { sessionRoutes } from './http/session'
import { attachSync } from './http/sync'
import { defaultLimits, type Limits } from './limits'
import { consoleLog, type Log } from './log'
import { loadMetaFromStorage, parseRoomName } from './negotiations/meta'
import { InvitationService } from './negotiations/invitations'
import { negotiationServices } from './negotiations/services'
import { checkTextStructure } from './negotiations/structure'
import { trackClauses } from './negotiations/clauses'
import type { ClusterNode } from './cluster/node'
import { packageRoot } from './paths'
import { connectStorage, databaseFile } from './storage'
import type { Durability } from './storage/sqlite'
import type { PostgresStorage } from './storage/postgres'
import type { Storage } from './storage/types'
import { Workers } from './workers'

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
  /** PostgreSQL instead of SQLite in dataDir (`postgres://…`). */
  databaseUrl?: string | null
  /** Redis, to run as one of several processes on the same database. */
  redisUrl?: string | null
  /** Lease timing of a cluster process (tests shorten it). */
  cluster?: { leaseMs?: number; checkMs?: number; forwardTimeoutMs?: number; connectTimeoutMs?: number }
}

/** A running server. */
export interface RunningServer {
  url: string
  port: number
  storage: Storage
  tokens: TokenService
  rooms: RoomRegistry
  /** This process's part in a cluster (with databaseUrl and redisUrl). */
  cluster: ClusterNode | null
  http: Server
  /** Stops accepting, closes sockets, stores everything, closes the store. */
  close(): Promise<void>
}

const defaultClientDir = join(packageRoot, 'dist', 'client')

/** How long a stopping server lets requests in flight finish. */
const shutdownGraceMs = 10_000

/** Counts every stored update and times its commit (metrics). */
function countCommits(storage: Storage, metrics: Metrics): void {
  const documents = storage.documents
  const append = documents.append.bind(documents)
  documents.append = async (docName, entry) => {
    const started = performance.now()
    const seq = await append(docName, entry)
    metrics.accepted((performance.now() - started) / 1000)
    return seq
  }
}

/** Closes a connection that sends no request within `ms` (headersTimeout
 *  covers a request once it has begun; this covers one never begun). */
function closeSilentConnections(http: Server, ms: number): void {
  http.on('connection', (socket: Socket) => {
    socket.setTimeout(ms, () => socket.destroy())
  })
  http.on('request', (req) => req.socket.setTimeout(0))
  http.on('upgrade', (req) => req.socket.setTimeout(0))
}

/** Closes connections from an address past `max` open ones at once (slow
 *  clients holding sockets); 0 means no cap. */
function capConnectionsPerAddress(http: Server, max: number, log: Log): void {
  if (max <= 0) return
  const open = new Map<string, number>()
  http.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? ''
    const count = (open.get(address) ?? 0) + 1
    if (count > max) {
      log.warn('connection refused: too many from one address', { event: 'connection-cap', address, max })
      socket.destroy()
      return
    }
    open.set(address, count)
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1
      if (left > 0) open.set(address, left)
      else open.delete(address)
    })
  })
}

/** How room names map to rooms: the text is edited by clients; the meta room
 *  is written by the server only and rebuilt from the tables on load. */
function roomResolver(storage: Storage, limits: Limits, log: Log): RoomResolver {
  return async (name) => {
    const parsed = parseRoomName(name)
    if (!parsed || !(await storage.negotiations.get(parsed.negotiationId))) return null
    const common = { documents: storage.documents, limits, log }
    if (parsed.kind === 'text')
      return { ...common, writableRoot: textRoot, track: trackClauses, validate: checkTextStructure }
    return {
      ...common,
      writableRoot: null,
      afterLoad: async (room) => room.change(await loadMetaFromStorage(storage, parsed.negotiationId)),
    }
  }
}

/** Starts the HTTP + WebSocket server on one port. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? consoleLog
  const limits = { ...defaultLimits, ...options.limits }
  const { storage, postgres } = await connectStorage(options)
  const secret = postgres ? await postgres.keyring() : loadKeyring(options.secretDir ?? options.dataDir)
  const tokens = new TokenService(secret, storage.tokens)
  let cluster: ClusterNode | null = null
  let solo: { stop(): Promise<void> } | null = null
  try {
    if (postgres && options.redisUrl) cluster = await joinCluster(postgres, options.redisUrl, log, options)
    if (cluster) tokens.ticketLedger = cluster.ticketLedger
    else if (postgres) solo = await (await import('./cluster/solo')).holdDatabaseAlone(postgres.leases, log)
  } catch (e) {
    await storage.close()
    throw e
  }
  const resolve = roomResolver(storage, limits, log)
  const rooms = new RoomRegistry(cluster ? cluster.resolver(resolve) : resolve, limits.roomIdleMs)
  cluster?.attach(rooms)
  const sessions: SessionDirectory = {
    tokenIds: () => rooms.tokenIds(),
    endSessions: (tokenId) => rooms.disconnect(tokenId, CloseCode.unauthorized, revokedMessage),
  }
  // A revocation closes the link's sessions in this process; in a cluster,
  // in every process at once.
  const everywhere: Pick<SessionDirectory, 'endSessions'> = {
    endSessions(tokenId) {
      sessions.endSessions(tokenId)
      cluster?.announceRevocation(tokenId)
    },
  }
  const metrics = new Metrics({
    rooms: () => rooms.size,
    walFile: postgres || options.dataDir === ':memory:' ? null : `${databaseFile(options.dataDir)}-wal`,
    renderCacheBytes: () => workers.cacheBytes,
  })
  // Exports, comparisons and imports run here, off the event loop.
  const workers = new Workers(limits, (task, result) => metrics.work(task, result))
  let base = ''
  const services = negotiationServices(storage, rooms, workers)
  const invitations = new InvitationService(services.access, tokens, storage.tokens, everywhere, () => base)
  countCommits(storage, metrics)
  if (cluster) cluster.bus.onPublish = (type, bytes) => metrics.publish(type, bytes)
  const heavy = new HeavyWork(limits)
  const router = apiRoutes(services, invitations, storage, workers)
  // The base URL is known once the port is: until then, assume plain http.
  let https = false
  let origins: string[] = []
  sessionRoutes(
    router,
    tokens,
    log,
    () => https,
    () => origins,
  )
  opsRoutes(router, storage, metrics)
  let draining = false
  let inFlight = 0
  const idle = new Set<() => void>()
  const handler = httpHandler({
    router,
    tokens,
    log,
    clientDir: options.clientDir ?? defaultClientDir,
    maxBodyBytes: limits.maxBodyBytes,
    maxUploadBytes: limits.maxUploadBytes,
    get https() {
      return https
    },
    get origins() {
      return origins
    },
    draining: () => draining,
    observe: (status) => metrics.response(status),
    admitHeavy: (_route, who) => heavy.admit(who),
  })
  const http = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node looks for requests past those timeouts.
      connectionsCheckingInterval: Math.max(100, Math.min(1000, limits.headersTimeoutMs / 4)),
    },
    (req, res) => {
      inFlight++
      res.once('close', () => {
        inFlight--
        if (inFlight === 0) for (const wake of idle) wake()
      })
      void handler(req, res)
    },
  )
  capConnectionsPerAddress(http, limits.maxConnectionsPerAddress, log)
  closeSilentConnections(http, limits.headersTimeoutMs)
  const sync = attachSync(http, {
    rooms,
    tokens,
    limits,
    log,
    metrics,
    get origins() {
      return origins
    },
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve())
  })
  const port = (http.address() as AddressInfo).port
  // Without Redis, revocations made elsewhere (the CLI) are found by looking.
  const revocations = cluster ? null : watchRevocations(sessions, storage.tokens, limits.revocationCheckMs, log)
  base = options.baseUrl?.(port) ?? `http://${options.host ?? '127.0.0.1'}:${port}`
  https = base.startsWith('https:')
  origins = [new URL(base).origin]
  let closing: Promise<void> | null = null
  return {
    url: base,
    port,
    storage,
    tokens,
    rooms,
    cluster,
    http,
    close: () =>
      (closing ??= (async () => {
        // Requests in flight finish (uploads complete); new ones get 503
        // with Retry-After; sockets close with 1001 and clients reconnect.
        draining = true
        revocations?.stop()
        sync.close()
        const closed = new Promise<void>((resolve) => http.close(() => resolve()))
        http.closeIdleConnections()
        if (inFlight > 0)
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, shutdownGraceMs)
            idle.add(() => {
              clearTimeout(timer)
              resolve()
            })
          })
        http.closeAllConnections()
        await closed
        await rooms.closeAll()
        await workers.close()
        await cluster?.close()
        await solo?.stop()
        await storage.close()
      })()),
  }
}

async function joinCluster(
  postgres: PostgresStorage,
  redisUrl: string,
  log: Log,
  options: ServerOptions,
): Promise<ClusterNode> {
  // ioredis loads only where a cluster asks for it.
  const { ClusterNode } = await import('./cluster/node')
  await (await import('./cluster/solo')).checkNoSoloProcess(postgres.leases)
  const keyOf = (room: string) => parseRoomName(room)?.negotiationId ?? room
  return ClusterNode.join({ postgres, redisUrl, log, keyOf, ...options.cluster })
}
