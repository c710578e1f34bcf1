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
