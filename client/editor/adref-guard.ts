import { Plugin, Selection, type Transaction } from 'prosemirror-state'
import { AttrStep, ReplaceStep, type Step } from 'prosemirror-transform'
import type { Node } from 'prosemirror-model'
import type { EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import { listSections } from '../../shared/schema/outline'
import { notify } from './colleagues'

/** Meta on a transaction the guard lets through: the chair's confirmed edit
 *  and the editor's own repairs. */
export const adrefAllowed = 'rt-adref-allowed'

/** What the guard needs: whether this user may change agreed text (the
 *  chair), and how to ask them. */
export interface AdrefGuardOptions {
  mayUnlock: () => boolean
  confirm: (message: string) => Promise<boolean>
}

/** Agreed text is protected: a change to the text of a clause agreed ad
 *  referendum is held back. The chair is asked to confirm; on yes the change
 *  is made and the clause loses its ad ref mark in the same update, so its
 *  history shows both. An editor is told that only the chair may change it
 *  (or remove the mark). Moving the clause or adding one after it is no
 *  change to its text. */
export function adrefGuardPlugin(options: AdrefGuardOptions): Plugin {
  let view: EditorView | null = null
  let asking = false
  return new Plugin({
    view(editorView) {
      view = editorView
      return { destroy: () => (view = null) }
    },
    filterTransaction(tr, state) {
      if (!tr.docChanged || tr.getMeta(adrefAllowed) || tr.getMeta('rt-repair') || tr.getMeta(ySyncPluginKey))
        return true
      // The chair may take a mark off (Ctrl+Alt+A) without being asked.
      const agreed = agreedTouched(tr, !options.mayUnlock())
      if (!agreed.length) return true
      const keys = agreed.map((a) => a.key).join(', ')
      if (!options.mayUnlock()) {
        notify(state, `Not changed: ${keys} is agreed ad referendum, and only the chair may change it.`)
        return false
      }
      if (!asking && view) {
        asking = true
        const target = view
        options
          .confirm(`${keys} is agreed ad referendum. Change it anyway? Its ad ref. mark will be removed.`)
          .then((yes) => {
            asking = false
            if (yes) replay(target, tr, agreed)
            else target.focus()
          })
      }
      return false
    },
  })
}

/** The clauses agreed ad referendum whose text (and, with `marks`, whose
 *  ad ref mark) a transaction changes. */
export function agreedTouched(tr: Transaction, marks = true): { key: string; id: string | null }[] {
  const keys = new Map<string | null, string>()
  for (const s of listSections(tr.before))
    for (const c of s.clauses) if (c.attrs.status === 'adref') keys.set(c.attrs.id, c.key)
  if (!keys.size) return []
  const hit = new Set<string | null>()
  tr.steps.forEach((step, i) => {
    if (marks || !(step instanceof AttrStep)) for (const clause of agreedIn(step, tr.docs[i])) hit.add(clause.attrs.id)
  })
  return [...hit].filter((id) => keys.has(id)).map((id) => ({ id, key: keys.get(id) ?? '' }))
}

/** The agreed clauses one step changes, in the document it applies to. */
function agreedIn(step: Step, doc: Node): Node[] {
  const out: Node[] = []
  if (step instanceof AttrStep) {
    const node = doc.nodeAt(step.pos)
    if (node?.attrs.status === 'adref' && step.attr === 'status') out.push(node)
    return out
  }
  step.getMap().forEach((from, to) => {
    if (from === to) {
      const $pos = doc.resolve(from)
      for (let d = $pos.depth; d > 0; d--) {
        const node = $pos.node(d)
        if (node.type.name !== 'clause') continue
        if (node.attrs.status === 'adref' && !(from === $pos.end(d) && splitsOff(step))) out.push(node)
        break
      }
      return
    }
    doc.nodesBetween(from, to, (node) => {
      if (node.type.name === 'clause' && node.attrs.status === 'adref') out.push(node)
      return node.type.name === 'section'
    })
  })
  return out
}

/** A step that only starts a new clause where it is inserted (Enter at the
 *  end of a clause), leaving the text before it as it was. */
const splitsOff = (step: Step): boolean =>
  step instanceof ReplaceStep && step.slice.openStart > 0 && step.slice.content.firstChild?.content.size === 0

/** Makes the held-back change once the chair confirmed, if the text has not
 *  changed meanwhile, with the ad ref marks of the clauses it touches removed. */
function replay(view: EditorView, held: Transaction, agreed: { id: string | null }[]): void {
  const { state } = view
  view.focus()
  if (!state.doc.eq(held.before)) return
  const ids = new Set(agreed.map((a) => a.id))
  const tr = state.tr
  for (const step of held.steps) tr.step(step)
  tr.doc.descendants((node, pos) => {
    if (node.type.name !== 'clause') return node.type.name === 'section'
    if (node.attrs.status === 'adref' && ids.has(node.attrs.id)) tr.setNodeAttribute(pos, 'status', 'open')
    return false
  })
  tr.setSelection(Selection.fromJSON(tr.doc, held.selection.toJSON()))
  view.dispatch(tr.setMeta(adrefAllowed, true).scrollIntoView())
}
