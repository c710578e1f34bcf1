import { Fragment, type Node, type ResolvedPos } from 'prosemirror-model'
import { TextSelection, type Command, type EditorState } from 'prosemirror-state'
import { schema } from '../schema/schema'
import { present } from '../present'
import { maxBracketDepth } from '../schema/rules'
import { bracketDepth, groupsAround } from './depth'

/** The bracket group whose node starts at `pos`, or null. */
export function groupAt(doc: Node, pos: number): Node | null {
  const node = pos >= 0 && pos < doc.content.size ? doc.nodeAt(pos) : null
  return node?.type === schema.nodes.bracket_group ? node : null
}

/** The innermost option around a position: its depth and the position of the
 *  group that holds it, or null outside brackets. */
export function optionAround($pos: ResolvedPos): { depth: number; groupPos: number } | null {
  for (let d = $pos.depth; d > 0; d--) {
    if ($pos.node(d).type === schema.nodes.option) return { depth: d, groupPos: $pos.before(d - 1) }
  }
  return null
}

function charAt(doc: Node, pos: number): string {
  const $pos = doc.resolve(pos)
  const { node, offset } = $pos.parent.childAfter($pos.parentOffset)
  return node?.isText ? (node.text ?? '')[$pos.parentOffset - offset] : ''
}

/** The selection narrowed to leave out white space at either end (a double
 *  click selects the trailing space too), or null if it cannot be bracketed:
 *  empty, or not inside one clause or option. */
function bracketableRange(state: EditorState): { from: number; to: number } | null {
  let { from, to } = state.selection
  const { doc } = state
  while (from < to && /\s/.test(charAt(doc, from))) from++
  while (to > from && /\s/.test(charAt(doc, to - 1))) to--
  if (from === to) return null
  const $from = doc.resolve(from)
  const $to = doc.resolve(to)
  const parent = $from.parent.type
  if (!$from.sameParent($to) || (parent !== schema.nodes.clause && parent !== schema.nodes.option)) return null
  // One more pair around the selection must stay within the nesting limit.
  const inside = bracketDepth(schema.nodes.option.create(null, doc.slice(from, to).content))
  if (groupsAround($from) + 1 + inside > maxBracketDepth) return null
  return { from, to }
}

/** Wraps the selection in brackets: `lethal` becomes `[lethal]`. Next to an
 *  existing group the new pair joins it as an alternative, as `[a][b]` does in
 *  the notation. */
export const wrapInBrackets: Command = (state, dispatch) => {
  const range = bracketableRange(state)
  if (!range) return false
  if (dispatch) {
    const { tr } = state
    const { from, to } = range
    const option = schema.nodes.option.create(null, state.doc.slice(from, to).content)
    const before = state.doc.resolve(from).nodeBefore
    const after = state.doc.resolve(to).nodeAfter
    let start: number
    if (before?.type === schema.nodes.bracket_group) {
      tr.replaceWith(from, to, Fragment.empty).insert(from - 1, option)
      start = from
    } else if (after?.type === schema.nodes.bracket_group) {
      tr.delete(from, to).insert(from + 1, option)
      start = from + 2
    } else {
      tr.replaceWith(from, to, schema.nodes.bracket_group.create(null, option))
      start = from + 2
    }
    dispatch(tr.setSelection(TextSelection.create(tr.doc, start, start + option.content.size)).scrollIntoView())
  }
  return true
}

/** Adds an alternative after the option holding the cursor (`[shall]` becomes
 *  `[shall][]`, cursor in the new pair). With a selection outside brackets, it
 *  brackets the selection and adds the alternative after it. */
export const addAlternative: Command = (state, dispatch) => {
  const around = optionAround(state.selection.$from)
  const range = around ? null : bracketableRange(state)
  if (!around && !range) return false
  if (dispatch) {
    const empty = schema.nodes.option.create()
    const { tr } = state
    let cursor: number
    if (around) {
      cursor = state.selection.$from.after(around.depth)
      tr.insert(cursor, empty)
    } else {
      const { from, to } = present(range, 'the range to bracket')
      const option = schema.nodes.option.create(null, state.doc.slice(from, to).content)
      tr.replaceWith(from, to, schema.nodes.bracket_group.create(null, [option, empty]))
      cursor = from + 1 + option.nodeSize
    }
    dispatch(tr.setSelection(TextSelection.create(tr.doc, cursor + 1)).scrollIntoView())
  }
  return true
}

/** Inserts `text` as a further alternative at the end of the group at
 *  `groupPos`, attributed to `proposedBy` when given. */
export function insertAlternative(groupPos: number, text: string, proposedBy: string | null = null): Command {
  return (state, dispatch) => {
    const group = groupAt(state.doc, groupPos)
    if (!group) return false
    if (dispatch) {
      const option = schema.nodes.option.create({ proposedBy }, text ? schema.text(text) : null)
      dispatch(state.tr.insert(groupPos + group.nodeSize - 1, option).scrollIntoView())
    }
    return true
  }
}

/** Accepts one option of a group: its text replaces the group, brackets gone. */
export function acceptOption(groupPos: number, index: number): Command {
  return (state, dispatch) => {
    const group = groupAt(state.doc, groupPos)
    if (!group || index < 0 || index >= group.childCount) return false
    if (dispatch) {
      const content = group.child(index).content
      const tr = state.tr.replaceWith(groupPos, groupPos + group.nodeSize, content)
      dispatch(tr.setSelection(TextSelection.create(tr.doc, groupPos + content.size)).scrollIntoView())
    }
    return true
  }
}

/** Drops a whole group, text and brackets: `[lethal]` is deleted. */
export function dropGroup(groupPos: number): Command {
  return (state, dispatch) => {
    const group = groupAt(state.doc, groupPos)
    if (!group) return false
    if (dispatch) dispatch(state.tr.delete(groupPos, groupPos + group.nodeSize).scrollIntoView())
    return true
  }
}

/** Drops one option of a group; dropping the last one drops the group. */
export function dropOption(groupPos: number, index: number): Command {
  return (state, dispatch) => {
    const group = groupAt(state.doc, groupPos)
    if (!group || index < 0 || index >= group.childCount) return false
    if (group.childCount === 1) return dropGroup(groupPos)(state, dispatch)
    if (dispatch) {
      let start = groupPos + 1
      for (let i = 0; i < index; i++) start += group.child(i).nodeSize
      dispatch(state.tr.delete(start, start + group.child(index).nodeSize).scrollIntoView())
    }
    return true
  }
}
