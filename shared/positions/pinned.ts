import type { Node } from 'prosemirror-model'
import { foldText } from '../diff/clauses'
import { serializeInline } from '../notation/inline'
import type { Position } from './position'

/** A clause's text as a position keeps it: the notation (brackets and
 *  options included), white space folded, so only a real change of the
 *  clause counts as one. */
export function pinnedText(clause: Node): string {
  return foldText(serializeInline(clause.content))
}

/** Whether the clause changed since the position was recorded on it: its
 *  text now (in the notation) is not the text the position was recorded
 *  against. Positions recorded before the text was kept say nothing. */
export function changedSince(position: Position, currentNotation: string | null): boolean {
  if (position.clauseText === undefined || currentNotation === null) return false
  return position.clauseText !== foldText(currentNotation)
}

/** The note the panel and the matrix show on a position whose clause changed
 *  since: `recorded on Second reading; the clause has changed since`; as of
 *  a reading (`asOf`, its name), `…; the clause had changed by Third reading`. */
export function pinnedNote(
  position: Position,
  currentNotation: string | null,
  readingName?: string,
  asOf?: string,
): string | null {
  if (!changedSince(position, currentNotation)) return null
  const on = position.reading ? `on ${readingName ?? 'an earlier reading'}` : 'on the live text'
  return `recorded ${on}; the clause ${asOf ? `had changed by ${asOf}` : 'has changed since'}`
}
