import type { EditorView } from 'prosemirror-view'
import { TextSelection } from 'prosemirror-state'
import { parseInline } from '../../shared/notation/inline'
import { schema } from '../../shared/schema/schema'
import { findClause, readableNotation } from '../editor/clauses'
import { clauseEntryAtCursor } from '../editor/cursor-clause'

/** A clause edited while offline, as it stood after the edit. */
export interface OfflineEdit {
  id: string
  key: string
  section: string
  level: number
  /** The clause's text in the notation. */
  text: string
  /** The clause before it, to put the text back where it stood. */
  after: string | null
}

/** What the user is offered for an edit that a colleague's deletion swallowed. */
export type LostEditNotice = (edit: OfflineEdit, actions: { copy: () => Promise<void>; restore: () => void }) => void

/** No silent loss: remembers the clauses edited while offline (also across a
 *  reload, in localStorage) and, once the text is synced again, reports each
 *  one a colleague deleted meanwhile, whose offline edit Yjs therefore
 *  dropped, offering to copy the text or restore it as a new clause. */
export class OfflineEdits {
  private readonly storageKey: string
  private edits = new Map<string, OfflineEdit>()

  constructor(
    negotiation: string,
    private readonly storage: Storage,
    private readonly onLost: LostEditNotice,
  ) {
    this.storageKey = `rolling-text:offline-edits:${negotiation}`
    try {
      for (const e of JSON.parse(storage.getItem(this.storageKey) ?? '[]') as OfflineEdit[]) this.edits.set(e.id, e)
    } catch {
      storage.removeItem(this.storageKey)
    }
  }

  /** Records the clause at the cursor after a local change made offline. */
  record(view: EditorView): void {
    const entry = clauseEntryAtCursor(view.state)
    if (!entry?.id) return
    const $clause = view.state.doc.resolve(entry.pos)
    const before = $clause.nodeBefore
    this.edits.set(entry.id, {
      id: entry.id,
      key: entry.key,
      section: entry.section,
      level: entry.level,
      text: entry.text,
      after: before?.type === schema.nodes.clause ? (before.attrs.id as string | null) : null,
    })
    this.save()
  }

  /** Once synced: reports the edited clauses that are gone, and forgets all. */
  check(view: EditorView): void {
    if (!this.edits.size) return
    for (const edit of this.edits.values()) {
      if (findClause(view.state.doc, edit.id)) continue
      this.onLost(edit, {
        copy: () => navigator.clipboard.writeText(readableNotation(edit.text)),
        restore: () => restoreClause(view, edit),
      })
    }
    this.edits.clear()
    this.save()
  }

  private save(): void {
    if (this.edits.size) this.storage.setItem(this.storageKey, JSON.stringify([...this.edits.values()]))
    else this.storage.removeItem(this.storageKey)
  }
}

/** Puts a lost clause's text back as a new clause where it stood (after the
 *  clause that preceded it, or at the end of its section). */
export function restoreClause(view: EditorView, edit: OfflineEdit): void {
  const { doc } = view.state
  const read = parseInline(edit.text)
  const content = 'message' in read ? [schema.text(edit.text)] : read.content
  const clause = schema.nodes.clause.create({ level: edit.level }, content)
  const after = edit.after ? findClause(doc, edit.after) : null
  let at: number | null = after ? after.pos + after.node.nodeSize : null
  if (at === null) {
    doc.forEach((section, offset) => {
      if (section.attrs.numeral === edit.section) at = offset + section.nodeSize - 1
    })
  }
  const pos = at ?? doc.content.size - 1
  const tr = view.state.tr.insert(pos, clause)
  view.dispatch(tr.setSelection(TextSelection.create(tr.doc, pos + 1)).scrollIntoView())
  view.focus()
}
