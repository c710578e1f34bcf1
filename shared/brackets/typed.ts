import { Fragment, type Node } from 'prosemirror-model'
import { parseInline, serializeInline } from '../notation/inline'
import { schema } from '../schema/schema'

/** What typing `]` at a position makes of the text before it: the range from
 *  the matching `[` (or from the group just before it, which the new pair
 *  joins as an alternative) to the position, and the bracket group that
 *  replaces it. */
export interface TypedGroup {
  from: number
  to: number
  group: Node
}

/** The bracket group a `]` typed at `pos` closes, read by the notation's own
 *  parser so that typed brackets mean what they mean in a file: `[and
 *  reports]` becomes a group, `[or notes]` typed right after it becomes its
 *  alternative, and groups already inside nest. Null when no `[` before the
 *  cursor in the same clause or option is waiting for it, or when what lies
 *  between does not read as one group. */
export function typedGroup(doc: Node, pos: number): TypedGroup | null {
  const $pos = doc.resolve(pos)
  const parent = $pos.parent
  if (parent.type !== schema.nodes.clause && parent.type !== schema.nodes.option) return null
  const start = $pos.start()
  const before = parent.content.cut(0, $pos.parentOffset)
  const open = lastOpening(before)
  if (open === null) return null
  let from = start + open
  let source = `[${inner(before.cut(open + 1))}]`
  const previous = before.cut(0, open).lastChild
  if (previous?.type === schema.nodes.bracket_group) {
    from -= previous.nodeSize
    source = serializeInline(Fragment.from(previous)) + source
  }
  const read = parseInline(source)
  if ('message' in read || read.attributes || read.content.length !== 1) return null
  const group = read.content[0]
  return group.type === schema.nodes.bracket_group ? { from, to: pos, group } : null
}

/** The offset of the last `[` typed as plain text with no `]` after it. */
function lastOpening(content: Fragment): number | null {
  let found: number | null = null
  content.forEach((node, offset) => {
    if (!node.isText) return
    const text = node.text ?? ''
    const open = text.lastIndexOf('[')
    if (open >= 0 && !text.slice(open).includes(']')) found = offset + open
    else if (text.includes(']')) found = null
  })
  return found
}

/** Typed text and the groups between it, as notation source: typed
 *  characters stand for themselves (they are what the user typed), groups
 *  are written as the notation writes them. */
function inner(content: Fragment): string {
  let out = ''
  content.forEach((node) => {
    out += node.isText ? (node.text ?? '') : serializeInline(Fragment.from(node))
  })
  return out
}
