import { present } from '../present'
import type { ClauseChange, ClauseRef } from './types'

/** The clause a change is shown as: the new one, or the old one for a deletion. */
export const shownRef = (change: ClauseChange): ClauseRef =>
  present(change.new ?? change.old, 'a side of a clause change')

/** The old clause of a change that has one (deleted, moved, modified, unchanged). */
export const oldRef = (change: ClauseChange): ClauseRef =>
  present(change.old, `the old clause of a ${change.type} change`)

/** The new clause of a change that has one (added, moved, modified, unchanged). */
export const newRef = (change: ClauseChange): ClauseRef =>
  present(change.new, `the new clause of a ${change.type} change`)
