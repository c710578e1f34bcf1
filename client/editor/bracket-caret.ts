import { TextSelection, type Command } from 'prosemirror-state'
import { schema } from '../../shared/schema/schema'

/** Arrow keys at the edge of a bracketed option. The positions just inside
 *  and just outside a bracket look the same on screen, so the browser's own
 *  caret movement gives no way to tell them apart: typing after a bracketed
 *  phrase at the end of a clause would land inside the brackets. At an
 *  option's edge, an arrow therefore steps over the bracket: into the next
 *  (or previous) alternative, or out of the group. Only in left-to-right
 *  clauses; in right-to-left ones the browser's visual order rules. */
export function stepOverBracket(direction: 1 | -1): Command {
  return (state, dispatch, view) => {
    const { $from, empty } = state.selection
    if (!empty || $from.parent.type !== schema.nodes.option) return false
    const atEdge = direction > 0 ? $from.parentOffset === $from.parent.content.size : $from.parentOffset === 0
    if (!atEdge) return false
    const clause = view?.domAtPos($from.pos).node
    const element = clause instanceof Element ? clause : clause?.parentElement
    if (element && getComputedStyle(element).direction === 'rtl') return false
    // Two steps cross the option's boundary and then either the neighbouring
    // option's (landing in its text) or the group's (landing just outside it).
    if (dispatch)
      dispatch(state.tr.setSelection(TextSelection.create(state.doc, $from.pos + 2 * direction)).scrollIntoView())
    return true
  }
}
