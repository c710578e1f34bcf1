/** Per-connection and per-room limits. Every number can be overridden from
 *  the environment (`RT_LIMIT_…`, see limitsFromEnv and docs/SECURITY.md);
 *  the defaults suit a negotiation room of a few hundred delegates on one
 *  machine. */
export interface Limits {
  /** Largest frame accepted (4413 above it). A large paste is well under it. */
  maxMessageBytes: number
  /** Frames above this never reach us: ws closes with 1009 before buffering. */
  hardMaxMessageBytes: number
  /** Largest a document may grow (4413 for the update that would pass it). */
  maxDocumentBytes: number
  /** Sustained and burst message rate per connection (4429 past it). */
  messagesPerSecond: number
  messageBurst: number
  /** Sustained and burst byte rate per connection (4429 past it). */
  bytesPerSecond: number
  byteBurst: number
  /** Frames held while a room loads. */
  maxQueuedMessages: number
  /** Bytes the server may owe one connection (sent, not yet read by it):
   *  past this the connection is closed with 1013 before memory grows. */
  maxBufferedBytes: number
  /** Sync requests (SyncStep1, each answered with the document) per
   *  connection and per invitation, sustained and burst (4429 past them). */
  syncPerSecond: number
  syncBurst: number
  tokenSyncPerSecond: number
  tokenSyncBurst: number
  /** Presence updates taken per connection and per invitation, sustained
   *  and burst; beyond them only the latest waits, the rest are dropped. */
  presencePerSecond: number
  presenceBurst: number
  tokenPresencePerSecond: number
  tokenPresenceBurst: number
  /** Open sync connections one invitation may hold, every room together
   *  (a browser tab holds two); the next is refused with 4429. */
  maxConnectionsPerToken: number
  /** Awareness: entries per update and bytes per state. */
  awareness: { maxEntries: number; maxStateBytes: number }
  /** Awareness changes are relayed in one batch at most this often, so
   *  presence traffic stays linear in the room size per interval. */
  awarenessIntervalMs: number
  /** Write a snapshot after this many updates to a document... */
  compactEvery: number
  /** ...or once this many bytes were appended since the last one, folding
   *  the log so typed-and-deleted text does not stay in it. */
  compactBytes: number
  /** Most a negotiation's document may take in the store, log included
   *  (4413 for an update past it, and a warning in the log). */
  storageQuotaBytes: number
  /** Unload a room this long after its last connection left. */
  roomIdleMs: number
  /** Open sessions re-check their invitation this often, so that a link
   *  revoked by another process (the command line) closes them too. */
  revocationCheckMs: number
  /** Largest JSON request body. */
  maxBodyBytes: number
  /** Largest uploaded file (a Word document or a text to import). */
  maxUploadBytes: number
  /** A request's headers must all arrive within this (slow-header clients). */
  headersTimeoutMs: number
  /** A whole request, body included, must arrive within this. */
  requestTimeoutMs: number
  /** Open connections from one address; 0 for no cap (behind a reverse
   *  proxy every connection comes from its address: cap there instead). */
  maxConnectionsPerAddress: number
  /** Heavy requests (exports, comparisons, redlines, imports) per token:
   *  a sustained rate per minute, a burst, and how many at once (429 past it). */
  heavyPerMinute: number
  heavyBurst: number
  heavyConcurrent: number
  /** An import's bounds, checked before and while it is read (413 past
   *  them): the expanded size of any one part of a Word package and of all
   *  of them, paragraphs, clauses, and element nesting. */
  importPartBytes: number
  importTotalBytes: number
  importParagraphs: number
  importClauses: number
  importNesting: number
  /** Memory of each worker process: imports, and renderings (exports,
   *  comparisons). A worker past it ends; the server carries on. */
  importWorkerMb: number
  renderWorkerMb: number
  /** How long one import, and one rendering, may run before its
   *  process is ended (413 for an import, 503 for a rendering). */
  importTimeoutMs: number
  renderTimeoutMs: number
  /** Rendered files kept for readings (which never change), in bytes. */
  renderCacheBytes: number
}

/** The limits the server runs with unless told otherwise. */
export const defaultLimits: Limits = {
  maxMessageBytes: 1 << 20,
  hardMaxMessageBytes: 8 << 20,
  maxDocumentBytes: 32 << 20,
  messagesPerSecond: 60,
  messageBurst: 300,
  bytesPerSecond: 2 << 20,
  byteBurst: 4 << 20,
  maxQueuedMessages: 100,
  maxBufferedBytes: 8 << 20,
  syncPerSecond: 1,
  syncBurst: 5,
  tokenSyncPerSecond: 4,
  tokenSyncBurst: 20,
  presencePerSecond: 15,
  presenceBurst: 30,
  tokenPresencePerSecond: 30,
  tokenPresenceBurst: 60,
  maxConnectionsPerToken: 40,
  // Clients echo the batches they receive (a whole room's carets), so an
  // update may carry many entries; each state is small.
  awareness: { maxEntries: 1000, maxStateBytes: 1024 },
  awarenessIntervalMs: 50,
  compactEvery: 500,
  compactBytes: 4 << 20,
  storageQuotaBytes: 256 << 20,
  roomIdleMs: 30_000,
  revocationCheckMs: 5_000,
  maxBodyBytes: 256 << 10,
  maxUploadBytes: 16 << 20,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  maxConnectionsPerAddress: 256,
  heavyPerMinute: 60,
  heavyBurst: 10,
  heavyConcurrent: 2,
  importPartBytes: 64 << 20,
  importTotalBytes: 128 << 20,
  importParagraphs: 50_000,
  importClauses: 20_000,
  importNesting: 64,
  importWorkerMb: 512,
  renderWorkerMb: 1024,
  importTimeoutMs: 120_000,
  renderTimeoutMs: 120_000,
  renderCacheBytes: 64 << 20,
}

/** A token bucket: `rate` tokens a second up to `burst`. */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst
    this.last = now()
  }

  /** Takes `n` tokens if there are enough; false (taking none) if not. */
  take(n = 1): boolean {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate)
    this.last = t
    if (this.tokens < n) return false
    this.tokens -= n
    return true
  }
}

/** The rate limit of one connection: messages and bytes. */
export class ConnectionRate {
  private readonly messages: TokenBucket
  private readonly bytes: TokenBucket

  constructor(limits: Limits, now?: () => number) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now)
    this.bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now)
  }

  /** Whether a frame of `size` bytes is within the rate. */
  allow(size: number): boolean {
    return this.messages.take(1) && this.bytes.take(size)
  }
}

const envName = (key: string) => `RT_LIMIT_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`

/** The limits named in the environment: `RT_LIMIT_MAX_CONNECTIONS_PER_TOKEN=80`
 *  sets `maxConnectionsPerToken`, `RT_LIMIT_AWARENESS_MAX_STATE_BYTES` the
 *  nested `awareness.maxStateBytes`. Throws a RangeError naming the variable
 *  for a value that is not a whole number of at least 0. */
export function limitsFromEnv(env: Record<string, string | undefined>): Partial<Limits> {
  const out: Record<string, unknown> = {}
  const read = (name: string): number | undefined => {
    const raw = env[name]
    if (raw === undefined || raw === '') return undefined
    const n = Number(raw)
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number, not '${raw}'`)
    return n
  }
  for (const [key, value] of Object.entries(defaultLimits)) {
    if (typeof value === 'number') {
      const n = read(envName(key))
      if (n !== undefined) out[key] = n
      continue
    }
    const nested: Record<string, number> = { ...(value as Record<string, number>) }
    let changed = false
    for (const inner of Object.keys(nested)) {
      const n = read(envName(`${key}${inner[0].toUpperCase()}${inner.slice(1)}`))
      if (n === undefined) continue
      nested[inner] = n
      changed = true
    }
    if (changed) out[key] = nested
  }
  return out as Partial<Limits>
}

/** Every `RT_LIMIT_…` variable that `limitsFromEnv` reads (docs/DEPLOY.md lists them). */
export function limitVariables(): string[] {
  return Object.entries(defaultLimits).flatMap(([key, value]) =>
    typeof value === 'number'
      ? [envName(key)]
      : Object.keys(value as object).map((inner) => envName(`${key}${inner[0]?.toUpperCase()}${inner.slice(1)}`)),
  )
}
