import type { Awareness } from 'y-protocols/awareness'
import type { Role } from '../../shared/protocol/roles'
import type { Me } from '../../shared/protocol/wire'
import { usableStates } from './remote-presence'

/** What each client tells the others about itself (y-prosemirror's cursor
 *  plugin reads `name` and `color`). */
export interface AwarenessUser {
  name: string
  color: string
  role: Role
  state: string | null
}

/** Colours for carets and presence, dark enough for white label text and
 *  distinct from the bracket colours. */
const palette = [
  '#1f6fb2',
  '#b23a1f',
  '#2d7d46',
  '#7b3fa0',
  '#a0522d',
  '#0f7c80',
  '#b0306b',
  '#5a6b00',
  '#3949ab',
  '#8d5b00',
]

/** A stable colour for a delegation (or a person without one): the same state
 *  has the same colour for everybody, on every visit. */
export function colorFor(key: string): string {
  let hash = 0
  for (const ch of key) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0
  return palette[hash % palette.length]
}

/** The caret label: the delegation first, as diplomats think in states. */
export function cursorLabel(user: { name: string; role?: string; state?: string | null }): string {
  if (user.state) return user.name && user.name !== user.state ? `${user.state} · ${user.name}` : user.state
  return user.role && user.role !== user.name.toLowerCase() ? `${user.name} (${user.role})` : user.name
}

/** Publishes this user in the awareness state of the text room. */
export function announce(awareness: Awareness, me: Me): AwarenessUser {
  const user: AwarenessUser = { name: me.name, color: colorFor(me.state ?? me.name), role: me.role, state: me.state }
  awareness.setLocalStateField('user', user)
  return user
}

/** Everyone connected to the text, this user included, one entry per client
 *  (names and colours checked: see usableState). */
export function onlineUsers(awareness: Awareness): (AwarenessUser & { clientId: number; self: boolean })[] {
  const out: (AwarenessUser & { clientId: number; self: boolean })[] = []
  usableStates(awareness).forEach((state, clientId) => {
    const user = state.user as AwarenessUser | undefined
    if (user?.name) out.push({ ...user, clientId, self: clientId === awareness.clientID })
  })
  return out.sort((a, b) => Number(b.self) - Number(a.self) || cursorLabel(a).localeCompare(cursorLabel(b)))
}
