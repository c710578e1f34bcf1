import type { Node } from 'prosemirror-model'
import { TextSelection, type Command, type EditorState } from 'prosemirror-state'
import type { ClauseLevel } from '../../shared/schema/nodes'
import { levelAtRank, mayFollow, orphans, rankOf, sectionLevels, unitEnd } from '../../shared/schema/units'
import { colleaguesIn, notify } from './colleagues'
import { selectedClause } from './clauses'
import { leavePlaceholders, numbersKept } from './renumber'

/** A section seen as a list of clauses: where each starts and how deep it is. */
interface SectionClauses {
  section: Node
  /** Index of the section in the document. */
  index: number
  levels: ClauseLevel[]
  /** Position before each clause, and one more: the end of the last clause. */
  starts: number[]
}

function sectionClauses(doc: Node, sectionIndex: number): SectionClauses {
  let pos = 0
  for (let i = 0; i < sectionIndex; i++) pos += doc.child(i).nodeSize
  const section = doc.child(sectionIndex)
  const starts: number[] = []
  let at = pos + 1
  section.forEach((child) => {
    if (child.type.name === 'clause') starts.push(at)
    at += child.nodeSize
  })
  starts.push(at)
  return { section, index: sectionIndex, levels: sectionLevels(section), starts }
}

/** The section and index of the clause at `clausePos`. */
function locate(doc: Node, clausePos: number): { sc: SectionClauses; index: number } {
  const sc = sectionClauses(doc, doc.resolve(clausePos).index(0))
  return { sc, index: sc.starts.indexOf(clausePos) }
}

/** Where a unit moves: the position to insert it (in the document before the
 *  move), the range of text the move rewrites, or why it cannot move. */
type MovePlan = { target: number; rewrites: { from: number; to: number } } | { refused: string } | null

function planMove(doc: Node, sc: SectionClauses, index: number, direction: 1 | -1): MovePlan {
  const { levels, starts } = sc
  const rank = rankOf(levels[index])
  const end = unitEnd(levels, index)
  const from = starts[index]
  const to = starts[end]
  if (direction < 0) {
    let j = index - 1
    while (j >= 0 && rankOf(levels[j]) > rank) j--
    if (j >= 0) {
      if (!mayFollow(j === 0 ? 0 : rankOf(levels[j - 1]), rank))
        return { refused: 'there is no clause above it to hold it' }
      return { target: starts[j], rewrites: { from: starts[j], to } }
    }
    if (sc.index === 0) return null
    const previous = sectionClauses(doc, sc.index - 1)
    const last = previous.levels.length ? rankOf(previous.levels[previous.levels.length - 1]) : 0
    if (!mayFollow(last, rank)) return { refused: 'a sub-paragraph cannot start the section above' }
    return { target: previous.starts[previous.starts.length - 1], rewrites: { from, to } }
  }
  if (end < levels.length) {
    const next = rankOf(levels[end])
    if (next === rank) {
      const after = starts[unitEnd(levels, end)]
      return { target: after, rewrites: { from, to: after } }
    }
    if (!mayFollow(next, rank)) return { refused: 'the clause below cannot hold it' }
    return { target: starts[end + 1], rewrites: { from, to: starts[end + 1] } }
  }
  if (sc.index === doc.childCount - 1) return null
  if (rank > 1) return { refused: 'a sub-paragraph cannot start the next section' }
  const next = sectionClauses(doc, sc.index + 1)
  return { target: next.starts[0], rewrites: { from, to } }
}

/** Alt-Up / Alt-Down: moves the clause holding the cursor, with its
 *  sub-paragraphs, past the previous or next clause of its rank (into the
 *  neighbouring paragraph when it is a sub-paragraph at an edge; into the
 *  neighbouring section at a section's edge). The clauses keep their ids, so
 *  a comparison shows them as moved. Refused (with a notice) where it would
 *  leave a sub-paragraph without a parent, and while another user's caret is
 *  in a clause the move rewrites: Yjs moves a node by deleting and inserting
 *  it, and what they typed meanwhile would be lost. */
export function moveUnit(direction: 1 | -1): Command {
  return (state, dispatch) => {
    const clause = selectedClause(state)
    if (!clause) return false
    const { sc, index } = locate(state.doc, clause.pos)
    const plan = planMove(state.doc, sc, index, direction)
    if (plan === null) return false
    if (!dispatch) return true
    if ('refused' in plan) {
      notify(state, `Not moved: ${plan.refused}.`)
      return true
    }
    const busy = colleaguesIn(state, plan.rewrites.from, plan.rewrites.to)
    if (busy.length) {
      notify(
        state,
        `Not moved: ${busy.join(', ')} ${busy.length > 1 ? 'are' : 'is'} in this clause or the one it would pass, and would lose what they type meanwhile. Try again once they have left it.`,
      )
      return true
    }
    const from = sc.starts[index]
    const to = sc.starts[unitEnd(sc.levels, index)]
    const unit = state.doc.slice(from, to).content
    const offset = state.selection.from - from
    const tr = state.tr.delete(from, to)
    const at = tr.mapping.map(plan.target)
    tr.insert(at, unit)
    dispatch(tr.setSelection(TextSelection.create(tr.doc, at + offset)).scrollIntoView())
    return true
  }
}

/** Tab / Shift-Tab: moves the selected clauses one level down (paragraph to
 *  sub-paragraph) or up, between 0 (unnumbered) and 3 (`(i)`), each with its
 *  sub-paragraphs, so `(i)` under `(a)` stays under it when `(a)` becomes a
 *  paragraph. Refused (with a notice) where a clause would have no parent
 *  (the first paragraph of a section cannot become `(a)`) or a sub-paragraph
 *  would go deeper than `(i)`. */
export function shiftUnits(delta: 1 | -1): Command {
  return (state, dispatch) => {
    const { from, to } = state.selection
    const $from = state.doc.resolve(from)
    const $to = state.doc.resolve(to)
    if (!selectedClause(state)) return false
    const tr = state.tr
    let refused: string | null = null
    for (let s = $from.index(0); s <= $to.index(0) && !refused; s++) {
      const sc = sectionClauses(state.doc, s)
      const picked = sc.levels.map((_, i) => sc.starts[i + 1] > from && sc.starts[i] < Math.max(to, from + 1))
      const result = shiftedLevels(sc.levels, picked, delta)
      if (typeof result === 'string') refused = result
      else
        result.forEach((level, i) => {
          if (level !== sc.levels[i]) tr.setNodeAttribute(sc.starts[i], 'level', level)
        })
    }
    if (refused) {
      if (dispatch) notify(state, `Level not changed: ${refused}.`)
      return true
    }
    if (dispatch && tr.docChanged) dispatch(tr)
    return true
  }
}

/** The levels after shifting the picked clauses (and their sub-paragraphs),
 *  or why that is refused. */
export function shiftedLevels(
  levels: readonly ClauseLevel[],
  picked: readonly boolean[],
  delta: 1 | -1,
): ClauseLevel[] | string {
  const out = [...levels]
  const moved = new Set<number>()
  for (let i = 0; i < levels.length; i++) {
    if (!picked[i] || moved.has(i)) continue
    const level = Math.min(3, Math.max(0, levels[i] + delta)) as ClauseLevel
    const lift = rankOf(level) - rankOf(levels[i])
    out[i] = level
    moved.add(i)
    if (lift === 0) continue
    for (let j = i + 1; j < unitEnd(levels, i); j++) {
      if (moved.has(j)) continue
      const rank = rankOf(levels[j]) + lift
      if (rank > 3) return 'a sub-paragraph would go deeper than (i)'
      out[j] = levelAtRank(levels[j], rank)
      moved.add(j)
    }
  }
  const orphaned = orphans(out).filter((i) => !orphans(levels).includes(i))
  if (orphaned.length) return 'a sub-paragraph needs a paragraph above it'
  return out
}

/** The whole units a selection covers: from the start of one clause to the
 *  end of a later one (or on into the clause after it). Gives the range of
 *  the whole clause nodes with the sub-paragraphs of the last, or null for
 *  any other selection. */
export function selectedUnits(state: EditorState): { from: number; to: number } | null {
  const { from, to, empty } = state.selection
  const first = selectedClause(state)
  if (empty || !first || from !== first.pos + 1) return null
  const { sc, index } = locate(state.doc, first.pos)
  if (state.doc.resolve(to).index(0) !== sc.index) return null
  let last = -1
  for (let i = index; i < sc.levels.length; i++) {
    if (i > index && to === sc.starts[i + 1] - 1) last = i
    else if (i > index && to === sc.starts[i] + 1) last = i - 1
  }
  if (last < index) return null
  return { from: sc.starts[index], to: sc.starts[unitEnd(sc.levels, last)] }
}

/** Delete / Backspace over whole clauses removes them with their
 *  sub-paragraphs, rather than leaving an empty clause and the
 *  sub-paragraphs behind under the clause above. While numbers are kept, a
 *  numbered paragraph leaves `4. [Deleted]` behind. */
export const deleteUnits: Command = (state, dispatch) => {
  const units = selectedUnits(state)
  if (!units) return false
  if (dispatch) {
    const removed: Node[] = []
    state.doc.nodesBetween(units.from, units.to, (node) => {
      if (node.type.name === 'clause') removed.push(node)
      return node.type.name === 'section'
    })
    const tr = state.tr.delete(units.from, units.to)
    if (numbersKept(state.doc)) leavePlaceholders(tr, removed, units.from)
    dispatch(tr.setSelection(TextSelection.near(tr.doc.resolve(units.from), -1)).scrollIntoView())
  }
  return true
}
