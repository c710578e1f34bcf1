import { Plugin } from 'prosemirror-state'
import { ySyncPluginKey } from 'y-prosemirror'
import { bracketDepth, depthBreach } from '../../shared/brackets/depth'
import { notify } from './colleagues'

/** Refuses any local change (typing, paste, commands) that would nest
 *  brackets deeper than the limit the server enforces, and tells the user,
 *  rather than sending an update the server would refuse. Only the clauses
 *  the change touched are measured. */
export function bracketDepthPlugin(): Plugin {
  return new Plugin({
    filterTransaction(tr, state) {
      if (!tr.docChanged || tr.getMeta(ySyncPluginKey)?.isChangeOrigin) return true
      let deepest = 0
      tr.mapping.maps.forEach((map, i) => {
        const rest = tr.mapping.slice(i + 1)
        map.forEach((_oldFrom, _oldTo, from, to) => {
          const start = Math.min(rest.map(from, -1), tr.doc.content.size)
          const end = Math.min(rest.map(to, 1), tr.doc.content.size)
          tr.doc.nodesBetween(start, end, (node) => {
            if (node.type.name !== 'clause') return node.type.name === 'section'
            deepest = Math.max(deepest, bracketDepth(node))
            return false
          })
        })
      })
      const breach = depthBreach(deepest)
      if (breach) notify(state, `Not changed: ${breach.message}.`)
      return breach === null
    },
  })
}
