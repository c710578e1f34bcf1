import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { checkPresence, isColor, type PresenceState } from '../../shared/presence/state'

/** The colour of a user who gave none we can use. */
export const fallbackColor = '#6b6b6b'

/** Whether both ends of a cursor resolve in `doc` without Yjs throwing. */
function resolvable(doc: Y.Doc, cursor: NonNullable<PresenceState['cursor']>): boolean {
  try {
    for (const end of [cursor.anchor, cursor.head]) {
      // A root the text does not have would be created by looking it up.
      if (end.tname !== undefined && !end.item && !end.type && !doc.share.has(end.tname)) return false
      Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(end), doc)
    }
    return true
  } catch {
    return false
  }
}

/** A remote state as this browser may use it: checked against the presence
 *  schema, the colour a `#rrggbb` one, a cursor kept only when Yjs can read
 *  it. A state that fails the schema keeps its user (if that much is sound)
 *  and loses its cursor: a bad cursor is ignored, never allowed to stop the
 *  editor. Null when nothing usable is left. */
export function usableState(state: Record<string, unknown>, doc: Y.Doc): PresenceState | null {
  const checked = checkPresence(state)
  if (checked.ok) {
    const { user, cursor } = checked.state
    const out: PresenceState = {}
    if (user) out.user = { ...user, color: user.color ?? fallbackColor }
    if (cursor && resolvable(doc, cursor)) out.cursor = cursor
    return out
  }
  // Salvage the name for the presence list; never the cursor.
  const user = state.user as { name?: unknown; color?: unknown; role?: unknown; state?: unknown } | undefined
  if (typeof user?.name !== 'string') return null
  return {
    user: {
      name: user.name.slice(0, 100),
      color: isColor(user.color) ? user.color : fallbackColor,
      role: typeof user.role === 'string' ? user.role.slice(0, 16) : '',
      state: typeof user.state === 'string' ? user.state.slice(0, 100) : null,
    },
  }
}

/** Every state in the awareness made usable (see usableState), this
 *  client's own included, keyed by client id. */
export function usableStates(awareness: Awareness): Map<number, PresenceState> {
  const out = new Map<number, PresenceState>()
  awareness.getStates().forEach((state, clientId) => {
    const usable = usableState(state, awareness.doc)
    if (usable) out.set(clientId, usable)
  })
  return out
}
