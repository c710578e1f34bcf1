import { present } from '../../shared/present'
import type { Node } from 'prosemirror-model'
import { EditorState, TextSelection, type Command, type Plugin } from 'prosemirror-state'
import { serializeInline } from '../../shared/notation/inline'

/** The document position where `text` first starts inside a text node (plus `offset`). */
export function posOf(doc: Node, text: string, offset = 0): number {
  let found = -1
  doc.descendants((node, pos) => {
    if (found >= 0) return false
    if (node.isText && present(node.text).includes(text)) found = pos + present(node.text).indexOf(text) + offset
    return true
  })
  if (found < 0) throw new Error(`no text ${text}`)
  return found
}

/** An editor state over `doc` with the selection [from, to]. */
export function stateAt(doc: Node, from: number, to = from, plugins: Plugin[] = []): EditorState {
  const state = EditorState.create({ doc, plugins })
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)))
}

/** Runs a command; returns whether it applied and the state after it. */
export function run(state: EditorState, command: Command): { ok: boolean; state: EditorState } {
  let next = state
  const ok = command(state, (tr) => {
    next = next.apply(tr)
  })
  return { ok, state: next }
}

/** Each clause of the document as `level|id|status|text` in the notation. */
export function clauses(doc: Node): { level: number; id: string | null; status: string; text: string }[] {
  const out: { level: number; id: string | null; status: string; text: string }[] = []
  doc.descendants((node) => {
    if (node.type.name === 'clause')
      out.push({
        level: node.attrs.level,
        id: node.attrs.id,
        status: node.attrs.status,
        text: serializeInline(node.content),
      })
    return node.type.name !== 'clause'
  })
  return out
}
