import type { TicketLedger } from '../auth/tokens'
import { randomUUID } from 'node:crypto'
import * as awarenessProtocol from 'y-protocols/awareness'
import { revokedMessage } from '../auth/tokens'
import { CloseCode } from '../core/close-codes'
import type { RoomCluster } from '../core/cluster'
import type { Room } from '../core/room'
import type { RoomRegistry, RoomResolver } from '../core/rooms'
import type { Log } from '../log'
import type { PostgresStorage } from '../storage/postgres'
import type { Author } from '../storage/types'
import { RedisBus } from './bus'
import { ClusterError } from './solo'
import { Claim, Forwarder } from './claim'
import { type BusMessage, channels, type ForwardResult } from './messages'

/** How a process joins the others. */
export interface ClusterOptions {
  postgres: PostgresStorage
  redisUrl: string
  log: Log
  /** Which lease a room falls under (all rooms of a negotiation share one owner). */
  keyOf: (room: string) => string
  /** How long a lease runs without renewal: 5 s unless told. */
  leaseMs?: number
  /** How often the owner renews and the others look at the lease: 1 s unless told. */
  checkMs?: number
  /** How long a forward waits for the owner's answer before asking again: 2 s. */
  forwardTimeoutMs?: number
  /** How long joining waits for Redis: 10 s unless told. */
  connectTimeoutMs?: number
  /** Prefix of every Redis channel: `rt` unless told. */
  prefix?: string
}

// Presence applied from another process is marked with this origin, so it
// is relayed to this process's clients but not published again.
const remote = Symbol('remote presence')

/** One process's membership of the cluster: leases on the negotiations it
 *  serves (owner or replica), the Redis traffic between processes, and the
 *  room hooks (`RoomCluster`) that tie the two to the core. */
export class ClusterNode {
  /** This process, as leases and messages name it. */
  readonly id = randomUUID()
  readonly bus: RedisBus
  private readonly claims = new Map<string, Claim>()
  private readonly loaded = new Map<string, Room>()
  private readonly early = new Map<string, BusMessage[]>()
  /** Per room, the presence client ids that came from other processes. */
  private readonly remotePresence = new Map<string, Set<number>>()
  private readonly forwarder: Forwarder
  private registry: RoomRegistry | null = null
  private readonly prefix: string
  readonly leaseMs: number
  readonly checkMs: number
  /** Tickets' uses, for every process at once: a ticket opens one socket in the whole cluster. */
  readonly ticketLedger: TicketLedger = {
    spend: (id, ttlSeconds) => this.bus.setOnce(`${this.prefix}:ticket:${id}`, ttlSeconds),
  }

  private constructor(readonly options: ClusterOptions) {
    this.prefix = options.prefix ?? 'rt'
    this.leaseMs = options.leaseMs ?? 5000
    this.checkMs = options.checkMs ?? 1000
    this.bus = new RedisBus(options.redisUrl, options.log)
    this.forwarder = new Forwarder(this, options.forwardTimeoutMs ?? 2000)
    this.bus.onReconnect = () => this.resyncAll()
  }

  /** Connects to Redis and listens on this process's channel and the cluster's. */
  static async join(options: ClusterOptions): Promise<ClusterNode> {
    const node = new ClusterNode(options)
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      const ms = options.connectTimeoutMs ?? 10_000
      timer = setTimeout(() => reject(new ClusterError(`cannot reach Redis at REDIS_URL within ${ms / 1000} s`)), ms)
    })
    try {
      await Promise.race([node.bus.ready(), timeout])
    } catch (e) {
      await node.bus.close()
      throw e
    } finally {
      clearTimeout(timer)
    }
    await node.bus.subscribe(channels.process(node.prefix, node.id), (m) => node.onProcessMessage(m))
    await node.bus.subscribe(channels.cluster(node.prefix), (m) => node.onClusterMessage(m))
    return node
  }

  get log(): Log {
    return this.options.log
  }

  get postgres(): PostgresStorage {
    return this.options.postgres
  }

  /** The registry whose rooms this node serves (for forwards to rooms not loaded yet). */
  attach(registry: RoomRegistry): void {
    this.registry = registry
  }

  /** Wraps a resolver: each room it resolves gets its lease looked at (taken
   *  when free) and its channel subscribed before it loads, so nothing
   *  published after the load is missed. */
  resolver(inner: RoomResolver): RoomResolver {
    return async (name) => {
      const options = await inner(name)
      if (!options) return null
      const claim = await this.claim(this.options.keyOf(name))
      claim.fence(name)
      await this.bus.subscribe(channels.room(this.prefix, name), (m) => this.onRoomMessage(name, m))
      return { ...options, cluster: this.roomCluster(claim, name) }
    }
  }

  private async claim(key: string): Promise<Claim> {
    let claim = this.claims.get(key)
    if (!claim) {
      claim = new Claim(this, key)
      this.claims.set(key, claim)
    }
    try {
      await claim.started
    } catch (e) {
      // The database did not answer: the next open looks again.
      if (this.claims.get(key) === claim) this.claims.delete(key)
      await claim.stop()
      throw e
    }
    return claim
  }

  /** A loaded room by name. */
  room(name: string): Room | undefined {
    return this.loaded.get(name)
  }

  /** Opens a room for a change forwarded to this process. */
  open(name: string): Promise<Room | null> {
    return this.registry ? this.registry.open(name) : Promise.resolve(null)
  }

  private roomCluster(claim: Claim, name: string): RoomCluster {
    return {
      get isOwner() {
        return claim.promoted
      },
      forward: (update, author, trusted) => this.forwarder.forward(claim, name, update, author, trusted),
      published: (update, prevSeq, seq) => {
        this.bus.publish(channels.room(this.prefix, name), {
          type: 'update',
          from: this.id,
          room: name,
          prevSeq,
          seq,
          update,
        })
      },
      fenced: () => claim.lost(),
      opened: (room) => this.opened(claim, name, room),
      closed: () => this.closed(claim, name),
    }
  }

  private opened(claim: Claim, name: string, room: Room): void {
    this.loaded.set(name, room)
    claim.rooms.add(name)
    const fromElsewhere = new Set<number>()
    this.remotePresence.set(name, fromElsewhere)
    room.presence.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      const ids = [...(added ?? []), ...(updated ?? []), ...(removed ?? [])]
      if (origin === remote) {
        for (const id of ids) fromElsewhere.add(id)
        return
      }
      this.publishPresence(name, room, ids)
    })
    room.ready.then(
      () => {
        const early = this.early.get(name) ?? []
        this.early.delete(name)
        for (const m of early) this.onRoomMessage(name, m)
        // Who is here already, on the other processes.
        this.bus.publish(channels.room(this.prefix, name), { type: 'presence?', from: this.id, room: name })
      },
      () => undefined,
    )
  }

  private publishPresence(name: string, room: Room, ids: number[]): void {
    if (!ids.length) return
    const update = awarenessProtocol.encodeAwarenessUpdate(room.presence.awareness, ids)
    this.bus.publish(channels.room(this.prefix, name), { type: 'awareness', from: this.id, room: name, update })
  }

  private closed(claim: Claim, name: string): void {
    if (!this.loaded.has(name)) return
    this.loaded.delete(name)
    this.early.delete(name)
    this.remotePresence.delete(name)
    this.bus.unsubscribe(channels.room(this.prefix, name))
    claim.rooms.delete(name)
    if (claim.rooms.size === 0) {
      this.claims.delete(claim.key)
      void claim.stop()
    }
  }

  private onRoomMessage(name: string, m: BusMessage): void {
    if (m.from === this.id) return
    const room = this.loaded.get(name)
    if (!room?.isReady) {
      // Published after the load began: kept until it is in.
      const early = this.early.get(name) ?? []
      early.push(m)
      this.early.set(name, early)
      return
    }
    const claim = this.claims.get(this.options.keyOf(name))
    if (m.type === 'update') {
      if (claim?.promoted) return
      if (!room.applyRemote(m.update, m.prevSeq, m.seq)) this.resync(name, room)
    } else if (m.type === 'awareness') {
      try {
        awarenessProtocol.applyAwarenessUpdate(room.presence.awareness, m.update, remote)
      } catch (e) {
        this.log.error(`room ${name}: presence from another process does not decode`, e)
      }
    } else if (m.type === 'presence?') {
      // The presence of this process's own clients, not what it relayed.
      const elsewhere = this.remotePresence.get(name)
      const ids = [...room.presence.awareness.getStates().keys()].filter((id) => !elsewhere?.has(id))
      this.publishPresence(name, room, ids)
    } else if (m.type === 'owner') {
      claim?.ownerIs(m.from)
      if (!claim?.promoted) this.resync(name, room)
    }
  }

  /** Reloads a replica from the database, trying again while the database
   *  is away and the room is still loaded. */
  resync(name: string, room: Room): void {
    room.resync().catch(() => {
      const again = setTimeout(() => {
        if (this.loaded.get(name) === room) this.resync(name, room)
      }, this.checkMs)
      again.unref()
    })
  }

  private onProcessMessage(m: BusMessage): void {
    if (m.type === 'reply') this.forwarder.answered(m)
    else if (m.type === 'forward') void this.onForward(m)
  }

  // The owner's side of a forward: every item in order, one answer for all.
  private async onForward(m: Extract<BusMessage, { type: 'forward' }>): Promise<void> {
    const answer = (results: ForwardResult[], moved: boolean) =>
      this.bus.publish(channels.process(this.prefix, m.from), {
        type: 'reply',
        from: this.id,
        id: m.id,
        results,
        moved,
      })
    const claim = this.claims.get(this.options.keyOf(m.room))
    // Taking the room over right now: answer once that is done.
    await claim?.transition
    if (!claim?.promoted) return answer([], true)
    const room = this.loaded.get(m.room) ?? (await this.open(m.room).catch(() => null))
    if (!room) return answer([], true)
    await room.ready.catch(() => undefined)
    const results: ForwardResult[] = []
    const stored: Promise<void>[] = []
    m.items.forEach((item, i) => {
      const result = room.submitForwarded(m.updates[i] ?? new Uint8Array(), item.author, item.trusted)
      if (result.ok && result.stored) stored.push(result.stored)
      results.push(result.ok ? { code: 0, reason: '' } : { code: result.error.code, reason: result.error.message })
    })
    await Promise.all(stored)
    // Fenced meanwhile: the new owner must take them (they are idempotent).
    answer(results, !claim.promoted)
  }

  private onClusterMessage(m: BusMessage): void {
    if (m.type === 'revoked') this.registry?.disconnect(m.tokenId, CloseCode.unauthorized, revokedMessage)
  }

  /** Closes the sessions of a revoked invitation here and on every other process. */
  announceRevocation(tokenId: string): void {
    this.bus.publish(channels.cluster(this.prefix), { type: 'revoked', from: this.id, tokenId })
  }

  /** Tells the replicas of `name` that this process owns it now. */
  announceOwner(name: string): void {
    this.bus.publish(channels.room(this.prefix, name), { type: 'owner', from: this.id, room: name })
  }

  /** Sends a forward to process `to`. */
  sendForward(
    to: string,
    id: number,
    room: string,
    items: { author: Author; trusted: boolean }[],
    updates: Uint8Array[],
  ) {
    this.bus.publish(channels.process(this.prefix, to), { type: 'forward', from: this.id, id, room, items, updates })
  }

  // Whatever was published while Redis was away is lost here: every replica
  // reloads, and every forward waiting for an answer is sent again.
  private resyncAll(): void {
    for (const [name, room] of this.loaded) {
      if (!this.claims.get(this.options.keyOf(name))?.promoted) this.resync(name, room)
    }
    this.forwarder.retryAll()
  }

  /** Lets every lease go and disconnects from Redis (after the rooms closed). */
  async close(): Promise<void> {
    await Promise.all([...this.claims.values()].map((c) => c.stop()))
    this.claims.clear()
    this.forwarder.retryAll()
    await this.bus.close()
  }
}
