/** Per-connection and per-room limits. Every number can be overridden (see
 *  server/config.ts); the defaults suit a negotiation room of a few hundred
 *  delegates on one machine. */
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
  /** Awareness: entries per update and bytes per state. */
  awareness: { maxEntries: number; maxStateBytes: number }
  /** Awareness changes are relayed in one batch at most this often, so
   *  presence traffic stays linear in the room size per interval. */
  awarenessIntervalMs: number
  /** Write a snapshot after this many updates to a document. */
  compactEvery: number
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
  /** Memory of each worker thread: imports, and renderings (exports,
   *  comparisons). A worker past it ends; the server carries on. */
  importWorkerMb: number
  renderWorkerMb: number
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
  awareness: { maxEntries: 8, maxStateBytes: 4096 },
  awarenessIntervalMs: 50,
  compactEvery: 500,
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
