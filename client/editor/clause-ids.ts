import { Plugin, PluginKey, type Transaction } from 'prosemirror-state'
import { clausesNeedingIds, newClauseId } from '../../shared/schema/ids'

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
