import { TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state'
import type { Node, ResolvedPos } from 'prosemirror-model'
import { schema } from '../../shared/schema/schema'
import type { ClauseLevel } from '../../shared/schema/nodes'
import { listSections } from '../../shared/schema/outline'
import { serializeInline } from '../../shared/notation/inline'
import { newClauseId } from '../../shared/schema/ids'
import { present } from '../../shared/present'
import { colleaguesIn, notify } from './colleagues'

/** The clause around a position: the node and the position just before it. */
export interface ClauseAt {
  node: Node
  pos: number
  depth: number
}

/** The clause that holds `$pos`, or null (in a section title). */
export function clauseAround($pos: ResolvedPos): ClauseAt | null {
  for (let d = $pos.depth; d > 0; d--) {
    const node = $pos.node(d)
    if (node.type === schema.nodes.clause) return { node, pos: $pos.before(d), depth: d }
  }
  return null
}

/** The clause the selection starts in. */
export const selectedClause = (state: EditorState): ClauseAt | null => clauseAround(state.selection.$from)

/** Every clause the selection touches, with its position. */
function clausesInSelection(state: EditorState): { node: Node; pos: number }[] {
  const { from, to } = state.selection
  const out: { node: Node; pos: number }[] = []
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (node.type === schema.nodes.clause) out.push({ node, pos })
    return node.type !== schema.nodes.clause
  })
  return out
}

/** Enter: starts a new clause after the cursor, at the same level, with its
 *  own number and id (status open: the new text is not agreed). Inside
 *  brackets the bracket group is split across the two clauses. In a section
 *  title, it moves to (or creates) the section's first clause. */
export const splitClause: Command = (state, dispatch) => {
  const { $from, $to } = state.selection
  if ($from.parent.type === schema.nodes.section_title) return enterFromTitle(state, dispatch)
  const clause = clauseAround($from)
  if (!clause || clauseAround($to)?.pos !== clause.pos) return false
  if (dispatch) {
    const tr = state.tr.deleteSelection()
    const $pos = tr.doc.resolve(tr.mapping.map($from.pos))
    const attrs = { id: newClauseId(), level: clause.node.attrs.level, label: null, status: 'open' }
    tr.split($pos.pos, $pos.depth - clause.depth + 1, [{ type: schema.nodes.clause, attrs }])
    dispatch(tr.scrollIntoView())
  }
  return true
}

function enterFromTitle(state: EditorState, dispatch?: (tr: Transaction) => void): boolean {
  const $title = state.selection.$from
  const section = $title.node($title.depth - 1)
  const afterTitle = $title.after()
  if (dispatch) {
    const tr = state.tr
    if (section.childCount === 1 || section.child(1).type !== schema.nodes.clause) {
      tr.insert(afterTitle, schema.nodes.clause.create({ id: newClauseId(), level: 1 }))
    }
    dispatch(tr.setSelection(TextSelection.create(tr.doc, afterTitle + 1)).scrollIntoView())
  }
  return true
}

/** Tab / Shift-Tab: moves the selected clauses one level down (paragraph to
 *  sub-paragraph) or up, between 0 (unnumbered) and 3 (`(i)`). */
export function shiftLevel(delta: 1 | -1): Command {
  return (state, dispatch) => {
    const clauses = clausesInSelection(state)
    const changed = clauses.filter(({ node }) => levelAfter(node, delta) !== node.attrs.level)
    if (clauses.length === 0) return false
    if (dispatch && changed.length) {
      const tr = state.tr
      for (const { node, pos } of changed) tr.setNodeAttribute(pos, 'level', levelAfter(node, delta))
      dispatch(tr)
    }
    return true
  }
}

const levelAfter = (clause: Node, delta: number): ClauseLevel =>
  Math.min(3, Math.max(0, (clause.attrs.level as number) + delta)) as ClauseLevel

/** Marks the selected clauses agreed ad referendum, or opens them again when
 *  all already are. */
export const toggleAdRef: Command = (state, dispatch) => {
  const clauses = clausesInSelection(state)
  if (clauses.length === 0) return false
  if (dispatch) {
    const status = clauses.every(({ node }) => node.attrs.status === 'adref') ? 'open' : 'adref'
    const tr = state.tr
    for (const { pos } of clauses) tr.setNodeAttribute(pos, 'status', status)
    dispatch(tr)
  }
  return true
}

/** Alt-Up / Alt-Down: moves the clause holding the cursor above the previous
 *  clause or below the next one; at a section's edge, into the neighbouring
 *  section. The clause keeps its id, so a comparison shows it as moved.
 *  Refused (with a notice) while another user's caret is in a clause the
 *  move rewrites: Yjs moves a node by deleting and inserting it, and what
 *  they typed meanwhile would be lost. */
export function moveClause(direction: 1 | -1): Command {
  return (state, dispatch) => {
    const clause = selectedClause(state)
    if (!clause) return false
    const target = moveTarget(state.doc, clause, direction)
    if (target === null) return false
    if (!dispatch) return true
    const rewritten = rewrittenByMove(state.doc, clause, direction)
    const busy = colleaguesIn(state, rewritten.from, rewritten.to)
    if (busy.length) {
      notify(
        state,
        `Not moved: ${busy.join(', ')} ${busy.length > 1 ? 'are' : 'is'} in this clause or the one it would pass, and would lose what they type meanwhile. Try again once they have left it.`,
      )
      return true
    }
    const offset = state.selection.from - clause.pos
    const tr = state.tr.delete(clause.pos, clause.pos + clause.node.nodeSize).insert(target, clause.node)
    dispatch(tr.setSelection(TextSelection.create(tr.doc, target + offset)).scrollIntoView())
    return true
  }
}

/** The clauses a move rewrites: the moved one and, within its section, the
 *  one it changes places with. */
function rewrittenByMove(doc: Node, clause: ClauseAt, direction: 1 | -1): { from: number; to: number } {
  const $clause = doc.resolve(clause.pos)
  const index = $clause.index()
  const end = clause.pos + clause.node.nodeSize
  if (direction < 0 && index > 1) return { from: clause.pos - $clause.parent.child(index - 1).nodeSize, to: end }
  if (direction > 0 && index < $clause.parent.childCount - 1)
    return { from: clause.pos, to: end + $clause.parent.child(index + 1).nodeSize }
  return { from: clause.pos, to: end }
}

/** Where a moved clause is inserted, in the document without it; null at
 *  the very start or end of the text. */
function moveTarget(doc: Node, clause: ClauseAt, direction: 1 | -1): number | null {
  const $clause = doc.resolve(clause.pos)
  const section = $clause.parent
  const index = $clause.index()
  const sectionIndex = $clause.index(0)
  if (direction < 0) {
    if (index > 1) return clause.pos - section.child(index - 1).nodeSize
    return sectionIndex > 0 ? $clause.before() - 1 : null
  }
  if (index < section.childCount - 1) return clause.pos + section.child(index + 1).nodeSize
  if (sectionIndex === doc.childCount - 1) return null
  const nextTitle = present(doc.child(sectionIndex + 1).firstChild, 'the title of the next section')
  return $clause.after() + 1 + nextTitle.nodeSize - clause.node.nodeSize
}

/** Backspace at the very start of a section's first clause would merge the
 *  clause into the section title: an empty clause is removed instead, and a
 *  clause with text stays where it is. */
export const guardTitleJoin: Command = (state, dispatch) => {
  const { $from, empty } = state.selection
  const clause = clauseAround($from)
  if (!empty || !clause || $from.pos !== clause.pos + 1) return false
  const $clause = state.doc.resolve(clause.pos)
  if ($clause.index() !== 1) return false
  if (clause.node.content.size === 0 && dispatch) {
    const tr = state.tr.delete(clause.pos, clause.pos + clause.node.nodeSize)
    dispatch(tr.setSelection(TextSelection.near(tr.doc.resolve(clause.pos - 1), -1)))
  }
  return true
}

/** One clause as the side views list it. */
export interface ClauseEntry {
  id: string | null
  /** `II.4(c)`. */
  key: string
  section: string
  level: number
  status: string
  /** The clause's text with brackets, in the notation. */
  text: string
  /** Position just before the clause node. */
  pos: number
}

/** Every clause in reading order with its key and text. */
export function clauseIndex(doc: Node): ClauseEntry[] {
  return listSections(doc).flatMap((section) =>
    section.clauses.map((c) => ({
      id: c.attrs.id,
      key: c.key,
      section: section.numeral,
      level: c.attrs.level,
      status: c.attrs.status,
      text: notationOf(c.node),
      pos: c.pos,
    })),
  )
}

/** Clause texts in the notation, kept per (immutable) clause node, so listing
 *  a long text again after an edit serializes only the clauses it changed. */
const notations = new WeakMap<Node, string>()

/** A clause's content in the notation. */
export function notationOf(clause: Node): string {
  const known = notations.get(clause)
  if (known !== undefined) return known
  const text = serializeInline(clause.content)
  notations.set(clause, text)
  return text
}

/** The position just before the clause with this id, or null. */
export function findClause(doc: Node, id: string): ClauseAt | null {
  let found: ClauseAt | null = null
  doc.forEach((section, sectionOffset) => {
    if (found) return
    section.forEach((clause, offset) => {
      if (!found && clause.type === schema.nodes.clause && clause.attrs.id === id)
        found = { node: clause, pos: sectionOffset + 1 + offset, depth: 2 }
    })
  })
  return found
}

/** A clause's notation as a reader wants it in a list: brackets kept,
 *  attributions (`{by="Austria"}`) left out. */
export const readableNotation = (text: string): string => text.replace(/\{by="(?:[^"\\]|\\.)*"\}/g, '')
