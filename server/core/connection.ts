import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { ConnectionRate, TokenBucket, type Limits } from '../limits'
import { ownBudget, type TokenBudget } from '../limits/tokens'
import type { Log } from '../log'
import type { Author } from '../storage/types'
import { decodeAwarenessUpdate, type AwarenessEntry } from './awareness'
import { CloseCode, CloseError } from './close-codes'
import { handleMessage, type SyncSession } from './handler'
import { encodeMessage, writeAwareness, writeSyncStep1 } from './protocol'
import type { Room, RoomMember } from './room'

/** The socket side of a connection, as the core sees it. */
export interface Transport {
  send(frame: Uint8Array): void
  close(code: number, reason: string): void
  /** Bytes sent but not yet taken by the client (ws `bufferedAmount`). */
  readonly bufferedAmount: number
}

/** What a connection is allowed, decided outside the core (by auth): who its changes are recorded as, and
 *  whether it may change the room's document. */
export interface Grant {
  /** Recorded with its changes and stamped on its presence; its `tokenId` is the invitation it came in with. */
  author: Author
  /** Why it may only read (sent to the client), or null when it may write. */
  readOnly: string | null
}

/** One client connected to one room under one token. Frames arrive through
 *  `receive`; everything is checked (size, rate, shape, permission) before
 *  it touches the room. A refusal closes this connection only. */
export class Connection implements SyncSession, RoomMember {
  private queue: Uint8Array[] | null = []
  private closed = false
  private readonly rate: ConnectionRate
  private readonly syncRate: TokenBucket
  private readonly presenceRate: TokenBucket
  /** The latest presence update held back by the presence rate, if any. */
  private heldPresence: AwarenessEntry[] | null = null
  private presenceTimer: NodeJS.Timeout | null = null

  constructor(
    readonly room: Room,
    private readonly grant: Grant,
    private readonly transport: Transport,
    private readonly limits: Limits,
    private readonly log: Log,
    /** What this connection's invitation may still do, with its others. */
    private readonly budget: TokenBudget = ownBudget(limits),
  ) {
    this.rate = new ConnectionRate(limits)
    this.syncRate = new TokenBucket(limits.syncPerSecond, limits.syncBurst)
    this.presenceRate = new TokenBucket(limits.presencePerSecond, limits.presenceBurst)
    // Nothing is answered until the stored state has loaded.
    room.ready.then(
      () => this.start(),
      (e: unknown) => {
        this.close(e instanceof CloseError ? e.code : CloseCode.internalError, 'the document could not be loaded')
      },
    )
  }

  /** The invitation this connection came in with. */
  get tokenId(): string | null {
    return this.grant.author.tokenId
  }

  get canWrite(): boolean {
    return this.room.writable && this.grant.readOnly === null
  }

  get readOnlyReason(): string {
    if (!this.room.writable) return 'this room is written by the server only; use the HTTP API'
    return this.grant.readOnly ?? ''
  }

  private start(): void {
    if (this.closed) return
    this.room.join(this)
    // Ask writers for what they have and we lack (edits made offline).
    // Readers are not asked: they have nothing we would take.
    if (this.canWrite) this.send(encodeMessage((e) => writeSyncStep1(e, this.room.currentDoc())))
    const presence = this.room.presence.state()
    if (presence) this.send(encodeMessage((e) => writeAwareness(e, presence)))
    const queued = this.queue ?? []
    this.queue = null
    for (const frame of queued) this.process(frame)
  }

  /** Takes one frame from the client. */
  receive(frame: Uint8Array): void {
    if (this.closed) return
    if (frame.length > this.limits.maxMessageBytes) {
      this.close(
        CloseCode.tooLarge,
        `message of ${frame.length} bytes is over the limit of ${this.limits.maxMessageBytes}`,
      )
      return
    }
    if (!this.rate.allow(frame.length)) {
      this.close(CloseCode.rateLimited, 'too many messages; slow down and reconnect')
      return
    }
    if (this.queue) {
      if (this.queue.length < this.limits.maxQueuedMessages) this.queue.push(frame)
      else this.close(CloseCode.rateLimited, 'too many messages while the document loads')
      return
    }
    this.process(frame)
  }

  private process(frame: Uint8Array): void {
    if (this.closed) return
    const encoder = encoding.createEncoder()
    try {
      handleMessage(decoding.createDecoder(frame), encoder, this)
    } catch (e) {
      if (e instanceof CloseError) this.close(e.code, e.message)
      else {
        this.log.error(`room ${this.room.name}: failed on a message from ${this.grant.author.name}`, e)
        this.close(CloseCode.internalError, 'the server failed on this message')
      }
      return
    }
    if (encoding.length(encoder) > 0) this.send(encoding.toUint8Array(encoder))
  }

  submitUpdate(update: Uint8Array): void {
    const result = this.room.submit(update, this, this.grant.author)
    if (!result.ok) throw result.error
  }

  answerSyncStep1(stateVector: Uint8Array): Uint8Array {
    // Each answer is the document: bound how often one is asked for.
    if (!this.syncRate.take() || !this.budget.sync.take())
      throw new CloseError(CloseCode.rateLimited, 'too many sync requests; reconnect in a moment')
    return this.room.stateFor(stateVector)
  }

  submitAwareness(update: Uint8Array): void {
    // y-websocket clients echo every state they receive: entries for client
    // ids another member owns are ignored before they cost any rate.
    const entries = decodeAwarenessUpdate(update, this.limits.awareness).filter(
      (e) => !this.room.presence.ownedByAnother(e.clientID, this),
    )
    if (entries.length) this.offerPresence(entries)
  }

  private offerPresence(entries: AwarenessEntry[]): void {
    if (this.presenceRate.take() && this.budget.presence.take()) {
      this.heldPresence = null
      this.room.presence.apply(this, this.grant.author, entries)
      return
    }
    // Past the rate only the latest state matters: hold it and apply it
    // when the rate allows (a fast typist's caret still lands right).
    this.heldPresence = entries
    this.presenceTimer ??= setTimeout(this.releasePresence, Math.ceil(1000 / this.limits.presencePerSecond))
  }

  private releasePresence = (): void => {
    this.presenceTimer = null
    const held = this.heldPresence
    if (!held || this.closed) return
    this.heldPresence = null
    try {
      this.offerPresence(held)
    } catch (e) {
      if (!(e instanceof CloseError)) throw e
      this.close(e.code, e.message)
    }
  }

  awarenessState(): Uint8Array | null {
    return this.room.presence.state()
  }

  /** Sends a frame, unless the client already owes too much: a socket that
   *  does not read would otherwise make the server buffer without bound. */
  send(frame: Uint8Array): void {
    if (this.closed) return
    if (this.transport.bufferedAmount > this.limits.maxBufferedBytes)
      this.close(CloseCode.tryAgainLater, 'you are reading too slowly; reconnect when the network allows')
    else this.transport.send(frame)
  }

  /** Closes from our side with a code and a reason for the user. */
  close(code: number, reason: string): void {
    if (this.closed) return
    this.ended()
    this.transport.close(code, reason)
  }

  /** The client went away. */
  disconnected(): void {
    if (!this.closed) this.ended()
  }

  private ended(): void {
    this.closed = true
    if (this.presenceTimer) clearTimeout(this.presenceTimer)
    this.budget.release()
    this.room.leave(this)
  }
}
