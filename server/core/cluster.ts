import type { Author } from '../storage/types'
import type { CloseError } from './close-codes'
import type { Room } from './room'

/** A room's part in a cluster of processes that share one database. One
 *  process owns the room: it validates, stores and sequences every change and
 *  publishes what it stored. Every other process holds a replica: it relays
 *  what the owner published and forwards its clients' changes to the owner,
 *  validating nothing itself. The core knows this interface only; the
 *  transport (server/cluster/) implements it. */
export interface RoomCluster {
  /** Whether this process owns the room now. */
  readonly isOwner: boolean
  /** Hands a change to the owner: resolves to null once it is stored (or had
   *  nothing new), or to the owner's refusal. `trusted`: the server's own
   *  change (any root), not a client's. */
  forward(update: Uint8Array, author: Author, trusted: boolean): Promise<CloseError | null>
  /** The owner stored `update`, which moves the room from `prevSeq` to `seq`. */
  published(update: Uint8Array, prevSeq: number, seq: number): void
  /** The store refused an append because another process took the room over. */
  fenced(): void
  /** The room was made (its stored state is loading). */
  opened(room: Room): void
  /** The room is closing. */
  closed(): void
}
