import type { Command, EditorState, Transaction } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import { yUndoPluginKey } from 'y-prosemirror'
import { isKeptNumber, nextInsertedLabel, numberSection } from '../../shared/schema/numbering'
import { schema } from '../../shared/schema/schema'
import { adrefAllowed } from './adref-guard'

/** What stands in for a paragraph deleted while numbers are kept: `4. [Deleted]`. */
export const deletedText = '[Deleted]'

/** Whether a clause is the placeholder of a deleted paragraph. */
export const isDeletedPlaceholder = (clause: Node): boolean =>
  clause.childCount === 1 && clause.firstChild?.isText === true && clause.textContent === deletedText

/** Whether the numbers of the text are kept (some paragraph carries a kept number). */
export function numbersKept(doc: Node): boolean {
  let kept = false
  doc.descendants((node) => {
    if (kept || node.type.name === 'clause') {
      if (node.attrs.level === 1 && isKeptNumber(node.attrs.label)) kept = true
      return false
    }
    return true
  })
  return kept
}

/** Dispatches a whole-text change as an undo step of its own. Yjs folds the
 *  changes made within half a second into one step, so without this the
 *  typing just before a renumbering would be undone together with it. */
function dispatchOwnStep(state: EditorState, dispatch: (tr: Transaction) => void, tr: Transaction): void {
  const undoManager = yUndoPluginKey.getState(state)?.undoManager
  undoManager?.stopCapturing()
  dispatch(tr.setMeta(adrefAllowed, true))
  undoManager?.stopCapturing()
}

function eachParagraph(state: EditorState, visit: (clause: Node, pos: number, own: string) => void): void {
  state.doc.forEach((section, sectionPos) => {
    const numbers = numberSection(section)
    let i = 0
    section.forEach((child, offset) => {
      if (child.type.name !== 'clause') return
      const own = numbers[i++].own
      if (child.attrs.level === 1) visit(child, sectionPos + 1 + offset, own)
    })
  })
}

/** Keeps the paragraph numbers of the text as they are now (after a reading
 *  is frozen, UN practice): each paragraph keeps its number, an inserted one
 *  becomes `4bis`, a deleted one leaves `4. [Deleted]`. Undoable. */
export const keepNumbers: Command = (state, dispatch) => {
  const tr = state.tr
  eachParagraph(state, (clause, pos, own) => {
    if (clause.attrs.label === null && /^\d+$/.test(own)) tr.setNodeAttribute(pos, 'label', own)
  })
  if (!tr.docChanged) return false
  if (dispatch) dispatchOwnStep(state, dispatch, tr)
  return true
}

/** Renumbers the text from position before the next reading: every number
 *  computed again, `bis` and `[Deleted]` placeholders gone. Undoable. */
export const renumber: Command = (state, dispatch) => {
  const tr = state.tr
  const placeholders: { from: number; to: number }[] = []
  state.doc.descendants((node, pos) => {
    if (node.type.name !== 'clause') return node.type.name !== 'section_title'
    if (isDeletedPlaceholder(node)) placeholders.push({ from: pos, to: pos + node.nodeSize })
    else if (node.attrs.label !== null) tr.setNodeAttribute(pos, 'label', null)
    return false
  })
  for (const { from, to } of placeholders.reverse()) tr.delete(from, to)
  if (!tr.docChanged) return false
  if (dispatch) dispatchOwnStep(state, dispatch, tr)
  return true
}

/** While numbers are kept, the paragraphs a deletion removed that carried a
 *  number leave a `[Deleted]` placeholder with that number in their place. */
export function leavePlaceholders(tr: Transaction, removed: Node[], at: number): void {
  let pos = at
  for (const clause of removed) {
    const label = clause.attrs.label as string | null
    if (clause.attrs.level !== 1 || label === null || (!isKeptNumber(label) && !nextInsertedLabel(label))) continue
    const placeholder = schema.nodes.clause.create({ ...clause.attrs, status: 'open' }, schema.text(deletedText))
    tr.insert(pos, placeholder)
    pos += placeholder.nodeSize
  }
}
