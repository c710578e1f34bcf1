import { TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state'
import type { Node, ResolvedPos } from 'prosemirror-model'
import { schema } from '../../shared/schema/schema'
import { listSections } from '../../shared/schema/outline'
import { serializeInline } from '../../shared/notation/inline'
import { newClauseId } from '../../shared/schema/ids'
import { splitPoint } from './bracket-edges'

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
 *  own number and id (status open: the new text is not agreed). In the
 *  middle of an option the bracket group is split across the two clauses;
 *  at a group's end (or start) the new clause starts outside it. In a section
 *  title, it moves to (or creates) the section's first clause. */
export const splitClause: Command = (state, dispatch) => {
  const { $from, $to } = state.selection
  if ($from.parent.type === schema.nodes.section_title) return enterFromTitle(state, dispatch)
  const clause = clauseAround($from)
  if (!clause || clauseAround($to)?.pos !== clause.pos) return false
  if (dispatch) {
    const tr = state.tr.deleteSelection()
    const at = splitPoint(tr.doc.resolve(tr.mapping.map($from.pos)), clause.depth)
    // A bracket spanning paragraphs keeps all the text it held: a `]` after
    // this clause moves to the part after the cursor, unless that part is
    // empty (Enter at the end starts a clause outside the brackets), and a
    // `[` before it moves there when the part before is empty.
    const before = tr.doc.textBetween(tr.mapping.map(clause.pos) + 1, at.pos)
    const after = tr.doc.textBetween(at.pos, tr.mapping.map(clause.pos + clause.node.nodeSize) - 1)
    const { spanOpen, spanClose } = clause.node.attrs
    const attrs = {
      id: newClauseId(),
      level: clause.node.attrs.level,
      label: null,
      status: 'open',
      spanOpen: before === '' ? spanOpen : 0,
      spanClose: after === '' ? 0 : spanClose,
    }
    tr.split(at.pos, at.depth, [{ type: schema.nodes.clause, attrs }])
    const first = tr.mapping.map(clause.pos)
    if (before === '' && spanOpen) tr.setNodeAttribute(first, 'spanOpen', 0)
    if (after !== '' && spanClose) tr.setNodeAttribute(first, 'spanClose', 0)
    if (at.depth === 1) tr.setSelection(TextSelection.create(tr.doc, at.pos + 2))
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

export { readableNotation } from '../../shared/notation/readable'
