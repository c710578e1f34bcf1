import { ObservableV2 } from 'lib0/observable'
import * as Y from 'yjs'
import type { Limits } from '../limits'
import type { Log } from '../log'
import type { Author, ClauseTouch, DocumentStore, StoredDocument } from '../storage/types'
import { StorageError } from '../storage/types'
import { CloseCode, CloseError } from './close-codes'
import type { RoomCluster } from './cluster'
import { RoomPresence } from './presence'
import { encodeMessage, writeSyncStep1, writeUpdate } from './protocol'
import { hasPendingUpdates, rootOf } from './yjs-internals'

/** What a room needs from a connection: somewhere to send frames, and the
 *  invitation it came in with (so a revoked one can be shown the door). */
export interface RoomMember {
  send(frame: Uint8Array): void
  close(code: number, reason: string): void
  readonly tokenId?: string | null
  /** Whether it may change the document (it is asked for what it has after
   *  the room resynchronised). */
  readonly canWrite?: boolean
}

/** What one change did, as its tracker tells it. */
export interface TrackedChange {
  /** What it touched, in the terms of the store's log (the clauses), stored with it for the histories. */
  touches: ClauseTouch[]
  /** Why its author may not make it, naming the rule broken (as the `validate` hook does); null if they may. */
  refusal: string | null
  /** A change the room makes next, as the same author, or null (a chair's edit of agreed text takes its
   *  ad ref mark off). */
  followUp: ((root: Y.XmlFragment) => void) | null
}

/** Tells what each change did and whether its author may make it. */
export interface ChangeTracker {
  /** What the change applied since the last call did, judged for `author`; forgets it. */
  take(author: Author): TrackedChange
}

/** What a room is: its name, its store, and what clients may change. */
export interface RoomOptions {
  name: string
  documents: DocumentStore
  /** The one root type clients may change, or null when only the server
   *  writes (the meta room). */
  writableRoot: string | null
  /** Watches the writable root of the copy changes are checked on, and tells what each valid change
   *  touched (stored with it for the histories), whether its author may make it and what must follow it.
   *  Called again whenever that copy is rebuilt. The room knows no clauses and no roles; this hook does
   *  (text rooms; absent, nothing is recorded). */
  track?: (root: Y.XmlFragment) => ChangeTracker
  limits: Pick<
    Limits,
    'maxDocumentBytes' | 'awarenessIntervalMs' | 'compactEvery' | 'compactBytes' | 'storageQuotaBytes'
  >
  log: Log
  /** Runs once the stored state is loaded, before any client is answered. */
  afterLoad?: (room: Room) => Promise<void>
  /** Checks a client's change, already applied to the shadow copy, given the
   *  shared types it changed under the writable root: a reason to refuse it,
   *  or null. The room knows no schema; this hook does. */
  validate?: (changed: ReadonlySet<Y.AbstractType<unknown>>, root: Y.XmlFragment) => string | null
  /** The room's part in a cluster of processes; absent when the process is alone. */
  cluster?: RoomCluster
}

/** What a room announces: `stored` after each batch of updates is stored and
 *  relayed (so `doc` has it). */
export interface RoomEvents {
  stored: () => void
}

/** The result of offering an update: refused with a close code, or accepted
 *  (`stored` resolves once it is durable and relayed). */
export type SubmitResult = { ok: false; error: CloseError } | { ok: true; stored: Promise<void> | null }

/** The server's own changes (seed text, the meta document). */
export const serverAuthor: Author = { role: 'system', state: null, name: 'rolling-text server', tokenId: null }

/** How long relayed updates may wait to enter the live document together. */
const catchUpDelayMs = 100

/** One Yjs document and the connections to it. An update is validated on a
 *  shadow copy, appended to the store, and only then relayed and let into
 *  the live document: the live document never holds anything unstored, so
 *  everything any client received survives a crash. */
export class Room extends ObservableV2<RoomEvents> {
  private readonly live = new Y.Doc()
  /** Who is here and where their carets are. */
  readonly presence: RoomPresence
  private readonly joined = new Set<RoomMember>()
  readonly ready: Promise<void>
  private active = Date.now()
  private shadow!: Y.Doc
  private tracker: ChangeTracker | null = null
  /** Validated updates on their way to the store, oldest first. */
  private inFlight: Uint8Array[] = []
  private stored: Promise<void> = Promise.resolve()
  /** Stored and relayed updates not yet in the live document (see `doc`). */
  private unapplied: Uint8Array[] = []
  private catchUpScheduled: NodeJS.Timeout | null = null
  /** Stored updates waiting to be relayed together. */
  private storedQueue: { update: Uint8Array; origin: RoomMember | null; seq: number; applied: () => void }[] = []
  private lastSeq = 0
  private sinceSnapshot = 0
  /** Bytes appended to the log since the last snapshot. */
  private bytesSinceSnapshot = 0
  private approxBytes = 0
  /** What the document takes in the store (the storage quota counts it). */
  private storedBytes = 0
  /** The last snapshot written: its seq and state vector, where the next
   *  fold of the log starts. */
  private snapshotSeq = 0
  private snapshotVector: Uint8Array = Y.encodeStateVector(new Y.Doc())
  /** Compactions run one after another. */
  private compacting: Promise<void> = Promise.resolve()
  /** The whole live document, encoded, until it next changes: most sync
   *  requests (every new client's, and any replayed one) are answered
   *  with it. */
  private encodedState: Uint8Array | null = null
  private broken: CloseError | null = null
  /** Set once the stored state is in, before afterLoad runs (which may change). */
  private loaded = false

  constructor(private readonly options: RoomOptions) {
    super()
    if (options.writableRoot) this.live.getXmlFragment(options.writableRoot)
    this.live.on('update', () => {
      this.encodedState = null
    })
    this.presence = new RoomPresence(this.live, options.limits.awarenessIntervalMs, (frame) => {
      for (const m of this.joined) m.send(frame)
    })
    this.ready = this.load()
    options.cluster?.opened(this)
  }

  /** The live document, first brought up to date with the relayed updates it
   *  has not taken in yet: everything stored, nothing else. Read it; never
   *  change it. */
  currentDoc(): Y.Doc {
    this.catchUp()
    return this.live
  }

  /** The members, each receiving every relayed update and presence batch. */
  get members(): ReadonlySet<RoomMember> {
    return this.joined
  }

  /** When the room last had a member, a change or a visitor (for unloading idle rooms). */
  get lastActive(): number {
    return this.active
  }

  /** Records a visit: the room is in use, not idle. */
  touch(): void {
    this.active = Date.now()
  }

  // Relayed updates reach the live document after the relay, off the path
  // from an edit to the other clients: those of the last tenth of a second
  // in one transaction, or at once when somebody reads it.
  private catchUp = (): void => {
    if (this.catchUpScheduled) clearTimeout(this.catchUpScheduled)
    this.catchUpScheduled = null
    if (!this.unapplied.length) return
    const pending = this.unapplied
    this.unapplied = []
    this.live.transact(() => {
      for (const u of pending) Y.applyUpdate(this.live, u)
    })
  }

  /** The update a client with `stateVector` lacks. A client that has none
   *  of what the document holds (a new one, or anyone replaying an empty
   *  state vector) gets the whole state, encoded once per change of the
   *  document rather than once per request. */
  stateFor(stateVector: Uint8Array): Uint8Array {
    const doc = this.currentDoc()
    const theirs = Y.decodeStateVector(stateVector)
    let overlap = false
    for (const client of doc.store.clients.keys()) {
      if ((theirs.get(client) ?? 0) > 0) {
        overlap = true
        break
      }
    }
    if (overlap) return Y.encodeStateAsUpdate(doc, stateVector)
    this.encodedState ??= Y.encodeStateAsUpdate(doc)
    return this.encodedState
  }

  /** The room name: a negotiation id, or `ID:meta`. */
  get name(): string {
    return this.options.name
  }

  /** Whether clients may write here at all. */
  get writable(): boolean {
    return this.options.writableRoot !== null
  }

  private async load(): Promise<void> {
    const stored = await this.options.documents.load(this.name)
    try {
      this.live.transact(() => {
        if (stored.snapshot) Y.applyUpdate(this.live, stored.snapshot)
        for (const u of stored.updates) Y.applyUpdate(this.live, u.update)
      })
    } catch (e) {
      this.options.log.error(`room ${this.name}: stored state does not load`, e)
      throw new CloseError(CloseCode.internalError, 'the stored document is damaged; the operator has been told')
    }
    this.lastSeq = stored.updates.at(-1)?.seq ?? stored.snapshotSeq
    this.countStored(stored)
    this.resetShadow()
    this.loaded = true
    // Replicas leave compaction to the owner, the one writer of the log.
    if (this.compactionDue && this.options.cluster?.isOwner !== false) await this.compact()
    await this.options.afterLoad?.(this)
  }

  // What compaction and the quota go by, as the store has it.
  private countStored(stored: StoredDocument): void {
    this.sinceSnapshot = stored.updates.length
    this.bytesSinceSnapshot = stored.updates.reduce((n, u) => n + u.update.length, 0)
    this.storedBytes = stored.bytes
    this.snapshotSeq = stored.snapshotSeq
    this.snapshotVector = stored.snapshot
      ? Y.encodeStateVectorFromUpdate(stored.snapshot)
      : Y.encodeStateVector(new Y.Doc())
  }

  /** Rebuilds the shadow from the live document plus what is in flight, after
   *  an update that may have half-applied to it. */
  private resetShadow(): void {
    this.shadow?.destroy()
    this.shadow = new Y.Doc({ gc: true })
    const root = this.options.writableRoot
    Y.applyUpdate(this.shadow, Y.encodeStateAsUpdate(this.currentDoc()))
    for (const u of this.inFlight) Y.applyUpdate(this.shadow, u)
    this.tracker = root && this.options.track ? this.options.track(this.shadow.getXmlFragment(root)) : null
    this.approxBytes = Y.encodeStateAsUpdate(this.shadow).length
  }

  /** Offers a client's update. Refused updates leave no trace anywhere. */
  submit(update: Uint8Array, origin: RoomMember, author: Author): SubmitResult {
    if (this.broken) return { ok: false, error: this.broken }
    if (!this.writable)
      return { ok: false, error: new CloseError(CloseCode.forbidden, 'this room is written by the server only') }
    const cluster = this.options.cluster
    if (cluster && !cluster.isOwner) {
      // A replica validates nothing: the owner does, and closes nothing here
      // but the sender when it refuses.
      const forwarded = cluster.forward(update, author, false).then((refusal) => {
        if (refusal) origin.close(refusal.code, refusal.message)
      })
      return { ok: true, stored: forwarded }
    }
    return this.accept(update, origin, author, this.options.writableRoot)
  }

  /** Offers a change another process forwarded (its client's, or, when
   *  `trusted`, its server's own). Only the owner takes these. */
  submitForwarded(update: Uint8Array, author: Author, trusted: boolean): SubmitResult {
    if (this.broken) return { ok: false, error: this.broken }
    if (!trusted && !this.writable)
      return { ok: false, error: new CloseError(CloseCode.forbidden, 'this room is written by the server only') }
    return this.accept(update, null, author, trusted ? null : this.options.writableRoot)
  }

  private accept(update: Uint8Array, origin: RoomMember | null, author: Author, onlyRoot: string | null): SubmitResult {
    if (this.approxBytes + update.length > this.options.limits.maxDocumentBytes) {
      return {
        ok: false,
        error: new CloseError(
          CloseCode.tooLarge,
          `the document would grow past ${this.options.limits.maxDocumentBytes} bytes`,
        ),
      }
    }
    const quota = this.options.limits.storageQuotaBytes
    if (this.storedBytes + update.length > quota) {
      this.options.log.warn(
        `room ${this.name}: refused an update of ${update.length} bytes: the document takes ${this.storedBytes} bytes in the store, its quota is ${quota}`,
      )
      const mib = Math.round(quota / (1 << 20))
      return {
        ok: false,
        error: new CloseError(
          CloseCode.tooLarge,
          `this negotiation has used its storage quota (${mib} MiB); the operator has been told`,
        ),
      }
    }
    const checked = this.tryOnShadow(() => Y.applyUpdate(this.shadow, update), onlyRoot, author)
    if (!checked.ok) return checked
    const stored = checked.effective ? this.persist(checked.effective, author, origin, checked.touches) : null
    if (checked.followUp) this.follow(checked.followUp, author)
    return { ok: true, stored }
  }

  // The change the tracker asked for after an accepted one, made as its
  // author right away (so nothing comes in between), stored like any other.
  private follow(followUp: (root: Y.XmlFragment) => void, author: Author): void {
    const root = this.options.writableRoot
    if (!root) return
    this.change((doc) => followUp(doc.getXmlFragment(root)), author).catch((e: unknown) =>
      this.options.log.error(`room ${this.name}: a change following an accepted one failed`, e),
    )
  }

  // Applies a change to the shadow and reports what it really changed (the
  // effective update: empty when the client sent what we had), refusing
  // changes that throw, that depend on changes we do not have, or that touch
  // anything but the writable root.
  // `onlyRoot` null lets the change touch any root (the server's own changes).
  private tryOnShadow(
    change: () => void,
    onlyRoot: string | null,
    author: Author,
  ):
    | { ok: false; error: CloseError }
    | ({ ok: true; effective: Uint8Array | null } & Pick<TrackedChange, 'touches' | 'followUp'>) {
    let effective: Uint8Array | null = null
    let foreignRoot = false
    const changed = new Set<Y.AbstractType<unknown>>()
    const root = onlyRoot ? this.shadow.getXmlFragment(onlyRoot) : null
    const onUpdate = (u: Uint8Array) => {
      effective = u
    }
    const onAfter = (tr: Y.Transaction) => {
      if (!root) return
      for (const type of tr.changed.keys()) {
        if (rootOf(type) !== root) foreignRoot = true
        else changed.add(type as Y.AbstractType<unknown>)
      }
    }
    this.checked++
    this.shadow.on('update', onUpdate)
    this.shadow.on('afterTransaction', onAfter)
    let failure: string | null = null
    try {
      change()
    } catch {
      failure = 'the update could not be decoded'
    } finally {
      this.shadow.off('update', onUpdate)
      this.shadow.off('afterTransaction', onAfter)
    }
    if (!failure && hasPendingUpdates(this.shadow)) failure = 'the update depends on changes the server does not have'
    if (!failure && foreignRoot) failure = 'the update changes data outside the text'
    if (!failure && root && changed.size && this.options.validate) failure = this.options.validate(changed, root)
    // A refused change rebuilds the shadow and its tracker: what it recorded goes with them.
    const tracked = failure ? null : this.tracker?.take(author)
    failure ??= tracked?.refusal ?? null
    if (failure) {
      this.resetShadow()
      return { ok: false, error: new CloseError(CloseCode.malformed, failure) }
    }
    return { ok: true, effective, touches: tracked?.touches ?? [], followUp: tracked?.followUp ?? null }
  }

  private persist(
    effective: Uint8Array,
    author: Author,
    origin: RoomMember | null,
    touches: ClauseTouch[],
  ): Promise<void> {
    this.inFlight.push(effective)
    this.approxBytes += effective.length
    this.storedBytes += effective.length
    this.bytesSinceSnapshot += effective.length
    this.touch()
    const entry = { update: effective, author, at: new Date().toISOString(), clauses: touches }
    const done = this.options.documents.append(this.name, entry).then(
      (seq) =>
        new Promise<void>((applied) => {
          this.inFlight.shift()
          this.storedQueue.push({ update: effective, origin, seq, applied })
          // The store commits appends in batches and resolves a batch together:
          // relay the whole batch at once, after the last of its resolutions.
          if (this.storedQueue.length === 1) queueMicrotask(this.applyStored)
        }),
      (e: unknown) => {
        if (!(e instanceof StorageError && e.code === 'fenced' && this.options.cluster)) return this.fail(e)
        // Another process owns the room now: the update was never stored nor
        // relayed; its sender is asked for it again once the room resynced.
        this.inFlight.shift()
        this.options.cluster.fenced()
      },
    )
    this.stored = done
    return done
  }

  // Stored: now the updates may reach everyone else and the live document.
  // One merged update for the batch means one relayed frame per member, so
  // under load the fan-out shrinks instead of piling up. A lone update skips
  // its sender; a merged one goes to everyone (Yjs ignores what it has).
  private applyStored = (): void => {
    const batch = this.storedQueue
    this.storedQueue = []
    if (!batch.length) return
    const origin = batch.length === 1 ? batch[0].origin : null
    const update = batch.length === 1 ? batch[0].update : Y.mergeUpdates(batch.map((s) => s.update))
    const frame = encodeMessage((e) => writeUpdate(e, update))
    for (const m of this.joined) if (m !== origin) m.send(frame)
    this.unapplied.push(update)
    this.catchUpScheduled ??= setTimeout(this.catchUp, catchUpDelayMs).unref()
    const prevSeq = this.lastSeq
    this.lastSeq = batch[batch.length - 1]?.seq ?? prevSeq
    this.options.cluster?.published(update, prevSeq, this.lastSeq)
    this.sinceSnapshot += batch.length
    if (this.compactionDue) void this.compact()
    for (const s of batch) s.applied()
    this.emit('stored', [])
  }

  /** Makes a change as the server (validated and stored like any other). */
  async change(fn: (doc: Y.Doc) => void, author: Author = serverAuthor): Promise<void> {
    if (!this.loaded) await this.ready
    if (this.broken) throw this.broken
    const cluster = this.options.cluster
    if (cluster && !cluster.isOwner) return this.changeAtOwner(cluster, fn, author)
    let thrown: unknown = null
    const checked = this.tryOnShadow(
      () => {
        this.shadow.transact(() => {
          try {
            fn(this.shadow)
          } catch (e) {
            thrown = e
            throw e
          }
        })
      },
      null,
      author,
    )
    if (thrown) throw thrown
    if (!checked.ok) throw checked.error
    const stored = checked.effective ? this.persist(checked.effective, author, null, checked.touches) : null
    if (checked.followUp) this.follow(checked.followUp, author)
    await stored
  }

  // On a replica, the change is made on a copy of the live document and the
  // update it makes is handed to the owner, which stores and publishes it.
  private async changeAtOwner(cluster: RoomCluster, fn: (doc: Y.Doc) => void, author: Author): Promise<void> {
    const scratch = new Y.Doc()
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(this.currentDoc()))
    let update: Uint8Array | null = null
    scratch.on('update', (u: Uint8Array) => {
      update = u
    })
    try {
      scratch.transact(() => fn(scratch))
    } finally {
      scratch.destroy()
    }
    if (!update) return
    const refusal = await cluster.forward(update, author, true)
    if (refusal) throw refusal
    await this.resyncing
  }

  private resyncing: Promise<void> = Promise.resolve()

  /** On a replica: relays an update the owner stored and published. False
   *  when the room missed something in between (then `resync`). */
  applyRemote(update: Uint8Array, prevSeq: number, seq: number): boolean {
    if (!this.loaded) return false
    if (seq <= this.lastSeq) return true
    if (prevSeq !== this.lastSeq) return false
    const frame = encodeMessage((e) => writeUpdate(e, update))
    for (const m of this.joined) m.send(frame)
    this.unapplied.push(update)
    this.catchUpScheduled ??= setTimeout(this.catchUp, catchUpDelayMs).unref()
    this.lastSeq = seq
    this.touch()
    this.emit('stored', [])
    return true
  }

  /** Reloads the stored document, relays what the room lacked to its members
   *  and asks its writers for what they have that is not stored (their
   *  changes lost with a process that died). The owner also rebuilds the
   *  copy it validates on (`asOwner`: the process has just taken the room
   *  over). Used after a takeover, a gap or a lost link. */
  resync(asOwner = false): Promise<void> {
    const run = this.resyncing.then(() => this.resyncNow(asOwner))
    this.resyncing = run.catch((e: unknown) => this.options.log.error(`room ${this.name}: resync failed`, e))
    return run
  }

  private async resyncNow(asOwner: boolean): Promise<void> {
    await this.ready
    await this.whenStored()
    const stored = await this.options.documents.load(this.name)
    const fresh = new Y.Doc()
    if (stored.snapshot) Y.applyUpdate(fresh, stored.snapshot)
    for (const u of stored.updates) Y.applyUpdate(fresh, u.update)
    const missing = Y.encodeStateAsUpdate(fresh, Y.encodeStateVector(this.currentDoc()))
    fresh.destroy()
    // Two bytes: no structs and no deletions.
    if (missing.length > 2) {
      const frame = encodeMessage((e) => writeUpdate(e, missing))
      for (const m of this.joined) m.send(frame)
      Y.applyUpdate(this.live, missing)
    }
    this.lastSeq = Math.max(this.lastSeq, stored.updates.at(-1)?.seq ?? stored.snapshotSeq)
    if (asOwner) {
      this.inFlight = []
      this.countStored(stored)
      this.resetShadow()
    }
    const ask = encodeMessage((e) => writeSyncStep1(e, this.currentDoc()))
    for (const m of this.joined) if (m.canWrite) m.send(ask)
    this.emit('stored', [])
  }

  private fail(e: unknown): void {
    this.options.log.error(`room ${this.name}: could not store an update; closing the room`, e)
    this.broken = new CloseError(CloseCode.internalError, 'the server could not store a change; reconnect in a moment')
    for (const m of [...this.joined]) m.close(this.broken.code, this.broken.message)
  }

  private checked = 0
  /** How many changes this room has checked on its shadow copy: what
   *  validation costs it (a replica checks none; its owner does). */
  get checkedChanges(): number {
    return this.checked
  }

  /** Whether the stored state is in. */
  get isReady(): boolean {
    return this.loaded
  }

  /** Whether the room failed and must be reloaded. */
  get isBroken(): boolean {
    return this.broken !== null
  }

  // By count, so loading replays a short tail; by size, so text typed and
  // deleted again does not stay in the log byte for byte.
  private get compactionDue(): boolean {
    const { compactEvery, compactBytes } = this.options.limits
    return this.sinceSnapshot >= compactEvery || this.bytesSinceSnapshot >= compactBytes
  }

  /** Writes a snapshot of the live document (which holds exactly the updates
   *  up to lastSeq), so loading reads one snapshot and a short tail; then
   *  folds the log since the previous snapshot into one update, the
   *  difference between the two (deleted text collected), keeping every row
   *  of the audit trail. */
  compact(): Promise<void> {
    if (this.sinceSnapshot === 0) return this.compacting
    const state = Y.encodeStateAsUpdate(this.currentDoc())
    const vector = Y.encodeStateVector(this.live)
    const folded = Y.encodeStateAsUpdate(this.live, this.snapshotVector)
    const from = this.snapshotSeq
    const through = this.lastSeq
    this.sinceSnapshot = 0
    this.bytesSinceSnapshot = 0
    this.approxBytes = state.length + this.inFlight.reduce((n, u) => n + u.length, 0)
    const { documents, log } = this.options
    this.compacting = this.compacting.then(async () => {
      try {
        await documents.saveSnapshot(this.name, state, through)
      } catch (e) {
        return log.error(`room ${this.name}: snapshot failed (the update log still has everything)`, e)
      }
      this.snapshotSeq = through
      this.snapshotVector = vector
      try {
        this.storedBytes = await documents.foldLog(this.name, from, through, folded)
      } catch (e) {
        log.error(`room ${this.name}: folding the update log failed (it still has everything)`, e)
      }
    })
    return this.compacting
  }

  /** Resolves when every accepted update is stored and applied. */
  whenStored(): Promise<void> {
    return this.stored.catch(() => undefined)
  }

  /** Adds a member: it receives every relayed update and presence batch. */
  join(member: RoomMember): void {
    this.joined.add(member)
    this.touch()
  }

  /** Removes a member and the presence it announced. */
  leave(member: RoomMember): void {
    if (!this.joined.delete(member)) return
    this.touch()
    this.presence.forget(member)
  }

  /** Stores what is pending, writes a final snapshot and frees the room. */
  async close(): Promise<void> {
    await this.ready.catch(() => undefined)
    await this.whenStored()
    await this.resyncing
    if (!this.broken && this.options.cluster?.isOwner !== false) await this.compact()
    this.options.cluster?.closed()
    this.catchUp()
    this.presence.destroy()
    this.shadow?.destroy()
    this.live.destroy()
    this.destroy()
  }
}
