import { Plugin, PluginKey, type Transaction } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import { orphans, repairedLevels, sectionLevels } from '../../shared/schema/units'

/** Sections already seen to hold no orphan, and clauses no split group
 *  (nodes are immutable, so once checked stays checked). */
const sound = new WeakSet<Node>()
const noSplitGroup = new WeakSet<Node>()

/** Gives every orphaned sub-paragraph a parent, and joins bracket groups
 *  that came to stand side by side into one group (as `[a][b]` reads in the
 *  notation), after any change, local or from a colleague: whatever the sequence of edits (a cross-clause delete,
 *  a paste, two people re-levelling at once), no `(a)` is left without its
 *  paragraph. Commands keep units whole themselves; this is the guarantee
 *  behind them. Only sections a change touched are looked at, and every
 *  client repairs the same way, so concurrent repairs agree. */
export function structurePlugin(isEditable: () => boolean): Plugin {
  return new Plugin({
    key: new PluginKey('rt-structure'),
    appendTransaction(transactions, _old, state): Transaction | null {
      if (!isEditable() || !transactions.some((tr) => tr.docChanged)) return null
      const tr = state.tr
      let pos = 0
      state.doc.forEach((section) => {
        if (!sound.has(section)) repairSection(section, pos, tr)
        pos += section.nodeSize
      })
      for (let pair = adjacentGroups(tr.doc); pair !== null && joinGroups(tr, pair); pair = adjacentGroups(tr.doc));
      return tr.docChanged ? tr.setMeta('addToHistory', false).setMeta('rt-repair', true) : null
    },
  })
}

function repairSection(section: Node, sectionPos: number, tr: Transaction): void {
  const levels = sectionLevels(section)
  if (orphans(levels).length === 0) {
    sound.add(section)
    return
  }
  const repaired = repairedLevels(levels)
  let i = 0
  section.forEach((child, offset) => {
    if (child.type.name !== 'clause') return
    if (repaired[i] !== levels[i]) tr.setNodeAttribute(sectionPos + 1 + offset, 'level', repaired[i])
    i++
  })
}

/** The position of the first bracket group directly followed by another. */
function adjacentGroups(doc: Node): number | null {
  let found: number | null = null
  doc.descendants((node, pos) => {
    if (found !== null || noSplitGroup.has(node)) return false
    if (node.type.name === 'section' || node.type.name === 'section_title') return node.type.name === 'section'
    let offset = 0
    let previous: Node | null = null
    node.forEach((child) => {
      if (found === null && previous?.type.name === 'bracket_group' && child.type.name === 'bracket_group')
        found = pos + 1 + offset - previous.nodeSize
      previous = child
      offset += child.nodeSize
    })
    if (found === null && node.type.name === 'clause') {
      const inner = adjacentIn(node, pos)
      if (inner === null) noSplitGroup.add(node)
      found = inner
    }
    return false
  })
  return found
}

/** The same search inside a clause's groups and options. */
function adjacentIn(parent: Node, parentPos: number): number | null {
  let found: number | null = null
  parent.descendants((node, offset) => {
    if (found !== null || node.isText) return false
    let previous: Node | null = null
    let at = 0
    node.forEach((child) => {
      if (found === null && previous?.type.name === 'bracket_group' && child.type.name === 'bracket_group')
        found = parentPos + 1 + offset + 1 + at - previous.nodeSize
      previous = child
      at += child.nodeSize
    })
    return found === null
  })
  return found
}

/** Joins the group at `pos` with the one after it; false if there is none. */
function joinGroups(tr: Transaction, pos: number): boolean {
  const first = tr.doc.nodeAt(pos)
  const second = first && tr.doc.nodeAt(pos + first.nodeSize)
  if (!first || second?.type !== first.type) return false
  const joined = first.type.create(null, first.content.append(second.content))
  tr.replaceWith(pos, pos + first.nodeSize + second.nodeSize, joined)
  return true
}
