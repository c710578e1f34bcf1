import type { EditorState } from 'prosemirror-state'
import { numberSection } from '../../shared/schema/numbering'
import { notationOf, selectedClause, type ClauseEntry } from './clauses'

/** The clause holding the cursor, numbered from its own section only, so it
 *  is cheap enough to follow every keystroke. */
export function clauseEntryAtCursor(state: EditorState): ClauseEntry | null {
  const clause = selectedClause(state)
  if (!clause) return null
  const $pos = state.doc.resolve(clause.pos)
  const section = $pos.parent
  const index = $pos.index() - 1
  const number = numberSection(section)[index]
  return {
    id: clause.node.attrs.id,
    key: `${section.attrs.numeral}.${number.number}`,
    section: section.attrs.numeral,
    level: clause.node.attrs.level,
    status: clause.node.attrs.status,
    text: notationOf(clause.node),
    pos: clause.pos,
  }
}

/** The numeral of the section holding the cursor. */
export const sectionAtCursor = (state: EditorState): string =>
  state.selection.$from.depth >= 1 ? state.selection.$from.node(1).attrs.numeral : ''
