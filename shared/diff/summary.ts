import type { Node } from 'prosemirror-model'
import { countBrackets } from '../brackets/groups'
import { sectionHeadings } from './clauses'
import type { ChangeCounts, ClauseChange, DiffSummary } from './types'

const emptyCounts = (): ChangeCounts => ({
  added: 0,
  deleted: 0,
  modified: 0,
  moved: 0,
  unchanged: 0,
  brackets: { old: 0, new: 0 },
})

/** Counts the changes, for the whole comparison and per section: the new
 *  reading's sections in order, then old sections that no longer exist. A
 *  deleted clause counts in the section it stood in. */
export function summarize(
  changes: readonly ClauseChange[],
  oldDoc: Node,
  newDoc: Node,
  sectionMap: readonly number[],
): DiffSummary {
  const sections: DiffSummary['sections'] = []
  const heads = { old: sectionHeadings(oldDoc), new: sectionHeadings(newDoc) }
  newDoc.forEach((s, _offset, i) => {
    sections.push({
      ...heads.new[i],
      old: null,
      new: heads.new[i],
      ...emptyCounts(),
      brackets: { old: 0, new: countBrackets(s).pairs },
    })
  })
  const slotOfOld: number[] = []
  oldDoc.forEach((s, _offset, i) => {
    let slot = sectionMap[i]
    if (slot < 0) {
      slot = sections.length
      sections.push({ ...heads.old[i], old: null, new: null, ...emptyCounts() })
    }
    sections[slot].old = heads.old[i]
    sections[slot].brackets.old = countBrackets(s).pairs
    slotOfOld.push(slot)
  })
  const numerals = { old: new Map<string, number>(), new: new Map<string, number>() }
  oldDoc.forEach((s, _o, i) => {
    numerals.old.set(s.attrs.numeral, slotOfOld[i])
  })
  newDoc.forEach((s, _o, i) => {
    numerals.new.set(s.attrs.numeral, i)
  })
  const total = emptyCounts()
  for (const change of changes) {
    const slot = change.new ? numerals.new.get(change.new.section) : numerals.old.get(change.old?.section ?? '')
    if (slot !== undefined) sections[slot][change.type]++
    total[change.type]++
  }
  total.brackets = {
    old: sections.reduce((n, s) => n + s.brackets.old, 0),
    new: sections.reduce((n, s) => n + s.brackets.new, 0),
  }
  return { ...total, sections }
}
