/** The four roles an invitation can carry. */
export type Role = 'chair' | 'editor' | 'delegation' | 'observer'

/** Every role, in order of power. */
export const roles: readonly Role[] = ['chair', 'editor', 'delegation', 'observer']

/** What a role may do. Beyond the role, the token must be for the negotiation (or for every one), a delegation
 *  speaks only for its own state, and only a chair invited to every negotiation starts a new one. */
export type Action =
  /** Read the text, positions, proposals, readings, comparisons, histories and exports. */
  | 'read'
  /** Change the rolling text itself. */
  | 'edit-text'
  /** Record, edit and withdraw positions, and propose wording, for the token's own state. */
  | 'speak-for-state'
  /** Mark a proposal as inserted into the text. */
  | 'insert-proposals'
  /** Freeze readings of the live text, add readings from files, rename readings and note them. */
  | 'manage-readings'
  /** Create, list and revoke invitations. */
  | 'invite'
  /** Start a new negotiation. */
  | 'start-negotiations'

/** The one permission table: for each action, the roles that may take it. README.md and docs/API.md show it;
 *  tests/shared/protocol/roles.test.ts holds the three equal. */
const allowed: Record<Action, readonly Role[]> = {
  read: roles,
  'edit-text': ['chair', 'editor'],
  'speak-for-state': ['delegation'],
  'insert-proposals': ['chair', 'editor'],
  'manage-readings': ['chair'],
  invite: ['chair'],
  'start-negotiations': ['chair'],
}

/** Every action, in the order the tables list them. */
export const actions = Object.keys(allowed) as Action[]

/** May a token of this role take this action? */
export const may = (role: Role, action: Action): boolean => allowed[action].includes(role)
