import type { Alignment, ClausePair, TermsOf } from './align'
import type { ClauseRecord } from './clauses'
import { TermWeights } from './similarity'

/** How much of a clause's words must come from another to call it split off
 *  from it, or merged into it. */
const containedIn = 0.7
/** …while sharing less than this with that neighbour's own new (or old) text. */
const notInNeighbour = 0.5

/** An added clause whose words come from a reworded neighbour's old text was
 *  split off it; a deleted clause whose words went into a reworded
 *  neighbour's new text was merged into it (SPEC.md D5). */
export function findSplitsAndMerges(
  deleted: readonly number[],
  added: readonly number[],
  pairs: readonly ClausePair[],
  before: readonly ClauseRecord[],
  after: readonly ClauseRecord[],
  termsOf: TermsOf,
): Pick<Alignment, 'splitFrom' | 'mergedInto'> {
  // Pairs of identical text cannot have lost or gained words; the others may
  // have (paired by id in the editor, or by similar words).
  const reworded = pairs.filter((p) => p.by !== 'text')
  const partnerOf = {
    old: new Map(reworded.map((p) => [p.old, p.new])),
    new: new Map(reworded.map((p) => [p.new, p.old])),
  }
  const weights = new TermWeights([
    ...deleted.map((i) => termsOf('old', i)),
    ...added.map((j) => termsOf('new', j)),
    ...reworded.flatMap((p) => [termsOf('old', p.old), termsOf('new', p.new)]),
  ])
  const absorbedBy = (records: readonly ClauseRecord[], side: 'old' | 'new', index: number) => {
    const terms = termsOf(side, index)
    for (const k of [index - 1, index + 1]) {
      const partner = partnerOf[side].get(k)
      if (partner === undefined || records[k].sectionIndex !== records[index].sectionIndex) continue
      const across = termsOf(side === 'old' ? 'new' : 'old', partner)
      if (
        weights.containment(terms, across) >= containedIn &&
        weights.containment(terms, termsOf(side, k)) < notInNeighbour
      )
        return partner
    }
    return -1
  }
  const splitFrom = new Map<number, number>()
  for (const j of added) {
    const source = absorbedBy(after, 'new', j)
    if (source >= 0) splitFrom.set(j, source)
  }
  const mergedInto = new Map<number, number>()
  for (const i of deleted) {
    const target = absorbedBy(before, 'old', i)
    if (target >= 0) mergedInto.set(i, target)
  }
  return { splitFrom, mergedInto }
}
