import { may, type Role } from '../../shared/protocol/roles'
import type { Author } from '../storage/types'

/** Who a verified token speaks for. */
export interface Identity {
  tokenId: string
  role: Role
  /** The state a delegation speaks for; null for every other role. */
  state: string | null
  /** The negotiation the token is for; null for all negotiations. */
  negotiation: string | null
  /** The display name shown to others (presence, history, positions). */
  name: string
}

/** May this identity write positions and proposals for `state`? Only that
 *  state's delegation: the chair does not record on a state's behalf. */
export const speaksFor = (who: Identity, state: string) => may(who.role, 'speak-for-state') && who.state === state

/** May this identity open negotiation `id` at all? */
export const mayAccess = (who: Identity, id: string) => who.negotiation === null || who.negotiation === id

/** The author recorded for changes this identity makes. */
export const authorOf = (who: Identity): Author => ({
  role: who.role,
  state: who.state,
  name: who.name,
  tokenId: who.tokenId,
})

/** The name a token gets when the inviter gives none. */
export function defaultName(role: Role, state: string | null): string {
  if (role === 'delegation') return `Delegation of ${state}`
  return role[0].toUpperCase() + role.slice(1)
}
