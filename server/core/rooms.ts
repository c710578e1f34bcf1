import { Room, type RoomMember, type RoomOptions } from './room'

/** Decides what a room name means: its options, or null for no such room. */
export type RoomResolver = (name: string) => Promise<Omit<RoomOptions, 'name'> | null>

/** The loaded rooms, by name. A room loads on first use and unloads (stored
 *  and snapshotted) once it has had no members for `idleMs`. */
export class RoomRegistry {
  private rooms = new Map<string, Room>()
  private sweeper: NodeJS.Timeout

  constructor(
    private readonly resolve: RoomResolver,
    private readonly idleMs: number,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), Math.max(1000, idleMs / 2))
    this.sweeper.unref()
  }

  /** The room called `name`, loading it if needed; null when it does not exist. */
  async open(name: string): Promise<Room | null> {
    const loaded = this.rooms.get(name)
    if (loaded && !loaded.isBroken) {
      loaded.touch()
      return loaded
    }
    if (loaded) this.unload(name, loaded)
    const options = await this.resolve(name)
    if (!options) return null
    // Another caller may have loaded it while we resolved.
    const raced = this.rooms.get(name)
    if (raced) return raced
    const room = new Room({ name, ...options })
    this.rooms.set(name, room)
    room.ready.catch(() => {
      if (this.rooms.get(name) === room) this.rooms.delete(name)
    })
    return room
  }

  /** The room if it is loaded. */
  get(name: string): Room | undefined {
    return this.rooms.get(name)
  }

  /** Every connection, in every loaded room. */
  private *members(): Iterable<RoomMember> {
    for (const room of this.rooms.values()) yield* room.members
  }

  /** The invitations that connections in any room came in with. */
  tokenIds(): Set<string> {
    const ids = new Set<string>()
    for (const m of this.members()) if (m.tokenId) ids.add(m.tokenId)
    return ids
  }

  /** Closes every connection that came in with invitation `tokenId`, in
   *  every room, with `code` and `reason`. */
  disconnect(tokenId: string, code: number, reason: string): void {
    // Closing takes a member out of its room: collect them first.
    for (const m of [...this.members()]) if (m.tokenId === tokenId) m.close(code, reason)
  }

  private unload(name: string, room: Room): Promise<void> {
    this.rooms.delete(name)
    return room.close()
  }

  private async sweep(): Promise<void> {
    const now = Date.now()
    for (const [name, room] of this.rooms) {
      if (room.members.size === 0 && now - room.lastActive > this.idleMs) await this.unload(name, room)
    }
  }

  /** Stores everything and unloads every room. */
  async closeAll(): Promise<void> {
    clearInterval(this.sweeper)
    await Promise.all([...this.rooms].map(([name, room]) => this.unload(name, room)))
  }
}
