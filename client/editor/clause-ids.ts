import { Plugin, PluginKey, type Transaction } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'

/** A fresh clause id: `c-` and ten random base-36 characters (about 52 bits,
 *  so two editors splitting clauses at the same moment do not collide). */
export function newClauseId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10))
  return 'c-' + Array.from(bytes, (b) => (b % 36).toString(36)).join('')
}

/** Positions of clauses whose id is missing or repeats an earlier clause's id.
 *  The first clause with an id keeps it: after Enter splits a clause, the part
 *  before the cursor is the clause it was, the part after is new. */
export function clausesNeedingIds(doc: Node): number[] {
  const seen = new Set<string>()
  const out: number[] = []
  doc.forEach((section, sectionOffset) => {
    section.forEach((child, offset) => {
      if (child.type.name !== 'clause') return
      const id = child.attrs.id as string | null
      if (!id || seen.has(id)) out.push(sectionOffset + 1 + offset)
      else seen.add(id)
    })
  })
  return out
}

/** Keeps clause ids present and unique, as positions, proposals and readings
 *  refer to clauses by id. Runs only where the user may edit: a reader's
 *  changes would be refused by the server and leave the local copy diverged. */
export function clauseIdsPlugin(isEditable: () => boolean): Plugin {
  return new Plugin({
    key: new PluginKey('clauseIds'),
    appendTransaction(transactions, _old, state): Transaction | null {
      if (!isEditable() || !transactions.some((tr) => tr.docChanged)) return null
      const positions = clausesNeedingIds(state.doc)
      if (positions.length === 0) return null
      const tr = state.tr
      for (const pos of positions) tr.setNodeAttribute(pos, 'id', newClauseId())
      return tr.setMeta('addToHistory', false)
    },
  })
}
