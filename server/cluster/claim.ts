import { CloseCode, CloseError } from '../core/close-codes'
import type { Author } from '../storage/types'
import type { BusMessage, ForwardItem } from './messages'
import type { ClusterNode } from './node'

/** A refusal for a change no process could take. */
const unavailable = () =>
  new CloseError(CloseCode.internalError, 'no server process could take this change; reconnect in a moment')

/** This process's view of one negotiation's lease: whether it owns it (the
 *  fencing token) and, if not, which process does. The owner renews the lease
 *  every `checkMs`; the others look at it as often and take it over once it
 *  has expired (its owner died or let it go). */
export class Claim {
  /** The fencing token while this process holds the lease. */
  private token: number | null = null
  /** Whether this process owns the rooms (holds the lease and they reloaded as owner). */
  promoted = false
  /** Who owns it, by the last look (null: nobody live). */
  ownerId: string | null = null
  /** The rooms of this negotiation loaded here. */
  readonly rooms = new Set<string>()
  /** Resolves when a takeover or a hand-over in progress is complete. */
  transition: Promise<void> = Promise.resolve()
  readonly started: Promise<void>
  private readonly fenced = new Set<string>()
  private readonly timer: NodeJS.Timeout
  private busy = false
  private failing = false
  private readonly ownerWaiters = new Set<() => void>()

  constructor(
    private readonly node: ClusterNode,
    readonly key: string,
  ) {
    this.started = this.look(true)
    this.timer = setInterval(() => void this.tick(), node.checkMs)
    this.timer.unref()
  }

  private get leases() {
    return this.node.postgres.leases
  }

  /** Makes every append to `room` check this lease (once it is ours). */
  fence(room: string): void {
    this.fenced.add(room)
    if (this.token !== null) this.node.postgres.fence(room, { key: this.key, owner: this.node.id, token: this.token })
  }

  private async tick(): Promise<void> {
    if (this.busy) return
    this.busy = true
    try {
      if (this.token !== null) {
        if (!(await this.leases.renew(this.key, this.node.id, this.token, this.node.leaseMs))) this.lost()
      } else {
        await this.look(false)
      }
      if (this.failing) this.node.log.info(`lease ${this.key}: the database answers again`)
      this.failing = false
    } catch (e) {
      if (!this.failing) this.node.log.error(`lease ${this.key}: cannot reach the database; retrying`, e)
      this.failing = true
    } finally {
      this.busy = false
    }
  }

  /** Looks at the lease and takes it when nobody live holds it. */
  async look(first = false): Promise<void> {
    if (this.token !== null) return
    const holder = await this.leases.get(this.key)
    if (!holder?.live) {
      const token = await this.leases.acquire(this.key, this.node.id, this.node.leaseMs)
      if (token !== null) return this.promote(token, first)
      return this.look(first)
    }
    this.ownerIs(holder.owner)
  }

  /** Records who owns the lease; forwards waiting on the old owner go to the new one. */
  ownerIs(owner: string | null): void {
    if (owner === this.ownerId) return
    this.ownerId = owner
    for (const wake of this.ownerWaiters) wake()
    this.ownerWaiters.clear()
  }

  /** Calls `wake` once, when the owner changes; returns how to stop waiting. */
  onOwnerChange(wake: () => void): () => void {
    this.ownerWaiters.add(wake)
    return () => {
      this.ownerWaiters.delete(wake)
    }
  }

  /** Resolves when the owner changes, or after `ms`. */
  ownerChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        off()
        resolve()
      }
      const timer = setTimeout(done, ms)
      const off = this.onOwnerChange(done)
    })
  }

  // The rooms already loaded hold only what the old owner published: each
  // reloads from the database before this process validates anything.
  private promote(token: number, first: boolean): void {
    this.token = token
    for (const room of this.fenced) this.fence(room)
    this.ownerIs(this.node.id)
    if (first) {
      this.promoted = true
      return
    }
    this.node.log.info(`negotiation ${this.key}: this process owns it now (token ${token})`)
    this.transition = (async () => {
      try {
        for (const name of this.rooms) await this.node.room(name)?.resync(true)
      } catch (e) {
        // Not loaded, not owned: let the lease go for whoever can load it.
        this.node.log.error(`negotiation ${this.key}: could not load it after taking it over`, e)
        await this.leases.release(this.key, this.node.id, token).catch(() => undefined)
        this.token = null
        this.ownerIs(null)
        return
      }
      this.promoted = this.token === token
      if (this.promoted) for (const name of this.rooms) this.node.announceOwner(name)
    })()
  }

  /** The lease moved on (renewal refused, or an append fenced out): the rooms
   *  become replicas and reload once their appends have settled. */
  lost(): void {
    if (this.token === null) return
    this.node.log.info(`negotiation ${this.key}: another process took it over`)
    this.token = null
    this.promoted = false
    this.ownerIs(null)
    this.transition = (async () => {
      for (const name of this.rooms) {
        const room = this.node.room(name)
        if (room) this.node.resync(name, room)
      }
      await this.look().catch(() => undefined)
    })()
  }

  /** Stops renewing and lets the lease go. */
  async stop(): Promise<void> {
    clearInterval(this.timer)
    const token = this.token
    this.token = null
    this.promoted = false
    if (token !== null) await this.leases.release(this.key, this.node.id, token).catch(() => undefined)
  }
}

interface Item extends ForwardItem {
  update: Uint8Array
  resolve(refusal: CloseError | null): void
}

interface Batch {
  items: Item[]
  answer: (m: Extract<BusMessage, { type: 'reply' }> | null) => void
}

/** How long a change waits for an owner before its sender is told to reconnect. */
const giveUpMs = 30_000

/** Forwards a replica's changes to the owner, per room one batch at a time
 *  and in order (a client's later update may depend on its earlier one).
 *  A batch that gets no answer, or reaches a process that no longer owns the
 *  room, is sent again, to the new owner once there is one: applying an
 *  update twice changes nothing, so nothing is stored twice. */
export class Forwarder {
  private readonly queues = new Map<string, Item[]>()
  private readonly sending = new Set<string>()
  private readonly waiting = new Map<number, Batch>()
  private nextId = 1

  constructor(
    private readonly node: ClusterNode,
    private readonly timeoutMs: number,
  ) {}

  forward(
    claim: Claim,
    room: string,
    update: Uint8Array,
    author: Author,
    trusted: boolean,
  ): Promise<CloseError | null> {
    return new Promise((resolve) => {
      const queue = this.queues.get(room) ?? []
      queue.push({ update, author, trusted, resolve })
      this.queues.set(room, queue)
      if (!this.sending.has(room)) void this.pump(claim, room)
    })
  }

  private async pump(claim: Claim, room: string): Promise<void> {
    this.sending.add(room)
    try {
      for (let queue = this.queues.get(room); queue?.length; queue = this.queues.get(room)) {
        this.queues.delete(room)
        await this.deliver(claim, room, queue)
      }
    } finally {
      this.sending.delete(room)
    }
  }

  private async deliver(claim: Claim, room: string, items: Item[]): Promise<void> {
    for (const deadline = Date.now() + giveUpMs; Date.now() < deadline; ) {
      await claim.transition
      if (claim.promoted) {
        if (await this.submitHere(claim, room, items)) return
        continue
      }
      const owner = claim.ownerId
      if (owner && owner !== this.node.id) {
        const reply = await this.send(claim, owner, room, items)
        if (reply && !reply.moved) {
          items.forEach((item, i) => {
            const r = reply.results[i]
            item.resolve(r && r.code !== 0 ? new CloseError(r.code, r.reason) : null)
          })
          return
        }
        // No answer, or not the owner (any more): ask again once the lease
        // says who is, or after a round of lease checks.
        if (reply) await claim.ownerChange(this.node.checkMs)
      } else {
        await claim.ownerChange(this.node.checkMs)
      }
      await claim.look().catch(() => undefined)
    }
    for (const item of items) item.resolve(unavailable())
  }

  // This process took the room over while the changes waited.
  private async submitHere(claim: Claim, name: string, items: Item[]): Promise<boolean> {
    const room = this.node.room(name)
    if (!room) {
      for (const item of items) item.resolve(unavailable())
      return true
    }
    const results = items.map((item) => room.submitForwarded(item.update, item.author, item.trusted))
    await Promise.all(results.map((r) => (r.ok ? r.stored : null)))
    if (!claim.promoted) return false
    results.forEach((r, i) => {
      items[i]?.resolve(r.ok ? null : r.error)
    })
    return true
  }

  private send(claim: Claim, owner: string, room: string, items: Item[]) {
    const id = this.nextId++
    return new Promise<Extract<BusMessage, { type: 'reply' }> | null>((resolve) => {
      // No answer in time, or the owner changed meanwhile: send it again.
      const timer = setTimeout(() => finish(null), this.timeoutMs)
      const off = claim.onOwnerChange(() => finish(null))
      const finish = (m: Extract<BusMessage, { type: 'reply' }> | null) => {
        if (!this.waiting.delete(id)) return
        clearTimeout(timer)
        off()
        resolve(m)
      }
      this.waiting.set(id, { items, answer: finish })
      this.node.sendForward(
        owner,
        id,
        room,
        items.map(({ author, trusted }) => ({ author, trusted })),
        items.map((i) => i.update),
      )
    })
  }

  /** An owner answered a forward. */
  answered(m: Extract<BusMessage, { type: 'reply' }>): void {
    this.waiting.get(m.id)?.answer(m)
  }

  /** Gives up waiting for every answer: those batches are sent again. */
  retryAll(): void {
    for (const batch of [...this.waiting.values()]) batch.answer(null)
  }
}
