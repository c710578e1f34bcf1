import * as awarenessProtocol from 'y-protocols/awareness'
import type * as Y from 'yjs'
import type { Signature } from '../../shared/protocol/wire'
import { encodeAwarenessEntries, stampIdentity, type AwarenessEntry } from './awareness'
import { encodeMessage, writeAwareness } from './protocol'

/** Who presence can come from and go to: a room member. */
export interface PresenceMember {
  send(frame: Uint8Array): void
}

const maxClientIdsPerMember = 4

/** The presence half of a room: who is here and where their carets are (y-protocols awareness). A member owns
 *  the client ids it announced first, so nobody can move or remove another's caret; every state is stamped
 *  with its sender's signature, so nobody can pose as someone else; changes go out in one frame per interval. */
export class RoomPresence {
  /** The awareness of the room's document. Read it; change it through `apply` and `forget`. */
  readonly awareness: awarenessProtocol.Awareness
  private readonly owners = new Map<number, PresenceMember>()
  private readonly changed = new Set<number>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    doc: Y.Doc,
    private readonly intervalMs: number,
    private readonly broadcast: (frame: Uint8Array) => void,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc)
    // The server has no presence of its own.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onUpdate)
  }

  /** Applies a member's awareness entries: only for client ids it owns (the first member to announce an id owns
   *  it, up to four ids each), checked against the presence schema, with the user stamped from `who`. Throws a
   *  4400 CloseError for a state of the member's own that breaks the schema; drops one it passes on. */
  apply(member: PresenceMember, who: Signature, entries: readonly AwarenessEntry[]): void {
    const allowed: AwarenessEntry[] = []
    for (const e of entries) {
      const owner = this.owners.get(e.clientID)
      if (owner && owner !== member) continue
      const owned = [...this.owners.values()].filter((m) => m === member).length
      const stamped = e.state && stampIdentity(e.state, who)
      if (stamped && !stamped.ok) {
        // A member announcing itself wrongly is closed; one passing on
        // another's state (y-websocket clients echo what they receive)
        // only has that entry dropped, so nobody else's state can get an
        // honest client closed.
        if (owner || owned === 0) throw stamped.error
        continue
      }
      if (!owner) {
        if (owned >= maxClientIdsPerMember) continue
        this.owners.set(e.clientID, member)
      }
      allowed.push({ ...e, state: stamped ? stamped.state : null })
    }
    if (allowed.length) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(allowed), member)
  }

  /** Whether client id `id` belongs to a member other than `member`. */
  ownedByAnother(id: number, member: PresenceMember): boolean {
    const owner = this.owners.get(id)
    return owner !== undefined && owner !== member
  }

  /** Removes what a member that left announced. */
  forget(member: PresenceMember): void {
    const owned = [...this.owners].filter(([, m]) => m === member).map(([id]) => id)
    for (const id of owned) this.owners.delete(id)
    awarenessProtocol.removeAwarenessStates(this.awareness, owned, member)
  }

  /** Every current awareness state, encoded, or null when there is none. */
  state(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()]
    return ids.length ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer)
    this.awareness.destroy()
  }

  // Awareness changes are collected and relayed in one frame per interval.
  private onUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void => {
    for (const id of [...added, ...updated, ...removed]) this.changed.add(id)
    this.timer ??= setTimeout(this.flush, this.intervalMs)
  }

  private flush = (): void => {
    this.timer = null
    const ids = [...this.changed].filter((id) => this.awareness.meta.has(id))
    this.changed.clear()
    if (!ids.length) return
    this.broadcast(
      encodeMessage((e) => writeAwareness(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids))),
    )
  }
}
