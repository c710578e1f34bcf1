import type { ResolvedPos } from 'prosemirror-model'
import { TextSelection, type Command } from 'prosemirror-state'
import { schema } from '../../shared/schema/schema'
import { clauseAround } from './clauses'

/** Where Enter splits a clause: at the cursor, except that at the very end
 *  (or start) of a bracket group the split moves out of it, so that Enter at
 *  the end of `[…]` starts the next clause outside the brackets and only a
 *  split in the middle of an option divides a group. Returns the position
 *  and how many levels the split cuts through (1: the clause alone). */
export function splitPoint($pos: ResolvedPos, clauseDepth: number): { pos: number; depth: number } {
  let $at = $pos
  while ($at.depth > clauseDepth && $at.parent.type === schema.nodes.option) {
    const d = $at.depth
    const group = $at.node(d - 1)
    const index = $at.index(d - 1)
    if ($at.pos === $at.end(d) && index === group.childCount - 1) $at = $at.doc.resolve($at.after(d - 1))
    else if ($at.pos === $at.start(d) && index === 0) $at = $at.doc.resolve($at.before(d - 1))
    else break
  }
  return { pos: $at.pos, depth: $at.depth - clauseDepth + 1 }
}

/** How many bracket levels the cursor sits at the start of, counting
 *  outwards to the clause: 0 when any text comes before it. */
function levelsAtStart($pos: ResolvedPos, clauseDepth: number): number {
  let levels = 0
  for (let d = $pos.depth; d > clauseDepth; d -= 2) {
    if ($pos.pos !== $pos.start(d) || $pos.index(d - 1) !== 0 || $pos.index(d - 2) !== 0) break
    levels++
  }
  return levels
}

/** Backspace at the start of a clause that Enter split off inside brackets
 *  joins it back into one clause and the halves of each group back into one
 *  option: Enter then Backspace in `[information]` gives `[information]`
 *  again, not `[inform][ation]`. */
export const rejoinSplitGroups: Command = (state, dispatch) => {
  const { $from, empty } = state.selection
  const clause = clauseAround($from)
  if (!empty || !clause) return false
  let levels = levelsAtStart($from, clause.depth)
  if (levels === 0 || $from.depth !== clause.depth + 2 * levels) return false
  const $clause = state.doc.resolve(clause.pos)
  const previous = $clause.nodeBefore
  if (previous?.type !== schema.nodes.clause) return false
  // Join as deep as both sides line up: the previous clause must end with a
  // group whose last option ends with a group, and so on.
  let depth = 1
  let left = previous
  let right = clause.node
  while (
    levels > 0 &&
    left.lastChild?.type === schema.nodes.bracket_group &&
    right.firstChild?.type === schema.nodes.bracket_group
  ) {
    left = left.lastChild.lastChild ?? left
    right = right.firstChild.firstChild ?? right
    depth += 2
    levels--
  }
  if (depth === 1) return false
  if (dispatch) {
    const tr = state.tr.join(clause.pos, depth)
    dispatch(tr.setSelection(TextSelection.create(tr.doc, tr.mapping.map($from.pos, -1))).scrollIntoView())
  }
  return true
}
