import { present } from '../present'
import type { ClauseRecord } from './clauses'
import { commonSubsequence, heaviestIncreasing } from './sequence'
import { CandidateIndex, TermWeights } from './similarity'

/** Two clauses found to be the same clause in two readings. */
export interface ClausePair {
  old: number
  new: number
  /** How the pair was found: the same stable id, the same text, or similar words. */
  by: 'id' | 'text' | 'similar'
  /** Out of the reading order, or in another section (see SPEC.md D3). */
  moved: boolean
}

/** How the clauses of two readings correspond. Indices are clause positions. */
export interface Alignment {
  pairs: ClausePair[]
  deleted: number[]
  added: number[]
  /** Added clause → the old clause it was split from. */
  splitFrom: Map<number, number>
  /** Deleted clause → the new clause its text went into. */
  mergedInto: Map<number, number>
  by: 'id' | 'content'
}

/** The words of a clause on one side, computed on demand (tokenizing every
 *  clause of a long reading would cost more than the whole alignment). */
export type TermsOf = (side: 'old' | 'new', index: number) => ReadonlySet<string>

/** Similar enough to be the same clause reworded, anywhere in the text. */
const similarAnywhere = 0.5
/** Similar enough when it stands where the other stood (between the same
 *  unchanged neighbours). */
const similarInPlace = 0.3
/** How much of a clause's words must come from another to call it split off
 *  from it, or merged into it. */
const containedIn = 0.7

/** Aligns the clauses of two readings (SPEC.md D1–D4): by stable id when both
 *  come from the editor, then by identical text in order (a longest common
 *  subsequence, so repeated boilerplate pairs in order), then identical text
 *  out of order, then similar words; finally decides which pairs moved. */
export function alignClauses(
  before: readonly ClauseRecord[],
  after: readonly ClauseRecord[],
  sectionMap: readonly number[],
  termsOf: TermsOf,
): Alignment {
  const oldPair = new Int32Array(before.length).fill(-1)
  const newPair = new Int32Array(after.length).fill(-1)
  const pairs: ClausePair[] = []
  const link = (i: number, j: number, by: ClausePair['by']) => {
    oldPair[i] = j
    newPair[j] = i
    pairs.push({ old: i, new: j, by, moved: false })
  }
  const byId = before.length > 0 && after.length > 0 && [...before, ...after].every((c) => c.ref.id !== null)
  if (byId) pairById(before, after, link)
  const freeOld = () => before.filter((c) => oldPair[c.index] < 0).map((c) => c.index)
  const freeNew = () => after.filter((c) => newPair[c.index] < 0).map((c) => c.index)
  const inOrder = new Set<ClausePair>()

  const [o1, n1] = [freeOld(), freeNew()]
  for (const [a, b] of commonSubsequence(
    o1.map((i) => before[i].ref.text),
    n1.map((j) => after[j].ref.text),
  )) {
    link(o1[a], n1[b], 'text')
    inOrder.add(pairs[pairs.length - 1])
  }
  pairSameTextOutOfOrder(before, after, freeOld(), freeNew(), link)
  pairSimilar(freeOld(), freeNew(), pairs, termsOf, link)

  markMoves(pairs, inOrder, before, after, sectionMap)
  const deleted = freeOld()
  const added = freeNew()
  return {
    pairs: pairs.sort((p, q) => p.new - q.new),
    deleted,
    added,
    ...findSplitsAndMerges(deleted, added, pairs, before, after, termsOf),
    by: byId ? 'id' : 'content',
  }
}

type Link = (i: number, j: number, by: ClausePair['by']) => void

function pairById(before: readonly ClauseRecord[], after: readonly ClauseRecord[], link: Link) {
  const byId = new Map<string, number>()
  const idOf = (c: ClauseRecord) => present(c.ref.id, 'the id of a clause aligned by id')
  for (const c of before) if (!byId.has(idOf(c))) byId.set(idOf(c), c.index)
  for (const c of after) {
    const i = byId.get(idOf(c))
    if (i !== undefined) {
      link(i, c.index, 'id')
      byId.delete(idOf(c))
    }
  }
}

function pairSameTextOutOfOrder(
  before: readonly ClauseRecord[],
  after: readonly ClauseRecord[],
  freeOld: number[],
  freeNew: number[],
  link: Link,
) {
  const waiting = new Map<string, number[]>()
  for (const i of freeOld) {
    const list = waiting.get(before[i].ref.text)
    if (list) list.push(i)
    else waiting.set(before[i].ref.text, [i])
  }
  for (const j of freeNew) {
    const i = waiting.get(after[j].ref.text)?.shift()
    if (i !== undefined) link(i, j, 'text')
  }
}

/** For each free clause, the pair just before it on its own side: two free
 *  clauses with the same anchor stand in the same place. */
function anchors(free: readonly number[], pairs: readonly ClausePair[], side: 'old' | 'new'): Map<number, number> {
  const positions = pairs.map((p, k) => [p[side], k] as const).sort((a, b) => a[0] - b[0])
  const out = new Map<number, number>()
  let cursor = 0
  let anchor = -1
  for (const index of [...free].sort((a, b) => a - b)) {
    while (cursor < positions.length && positions[cursor][0] < index) anchor = positions[cursor++][1]
    out.set(index, anchor)
  }
  return out
}

function pairSimilar(freeOld: number[], freeNew: number[], pairs: readonly ClausePair[], termsOf: TermsOf, link: Link) {
  if (!freeOld.length || !freeNew.length) return
  const weights = new TermWeights([...freeOld.map((i) => termsOf('old', i)), ...freeNew.map((j) => termsOf('new', j))])
  const index = new CandidateIndex(freeOld.map((id) => ({ id, terms: termsOf('old', id) })))
  const oldAnchor = anchors(freeOld, pairs, 'old')
  const newAnchor = anchors(freeNew, pairs, 'new')
  const byAnchor = new Map<number, number[]>()
  for (const i of freeOld) {
    const anchor = present(oldAnchor.get(i), 'the anchor of an old clause')
    const list = byAnchor.get(anchor) ?? []
    if (list.length < 16) list.push(i)
    byAnchor.set(anchor, list)
  }
  const edges: { i: number; j: number; score: number }[] = []
  for (const j of freeNew) {
    const terms = termsOf('new', j)
    const local = byAnchor.get(present(newAnchor.get(j), 'the anchor of a new clause')) ?? []
    for (const i of new Set([...local, ...index.candidates(terms, weights, 8)])) {
      const similarity = weights.similarity(termsOf('old', i), terms)
      const inPlace = oldAnchor.get(i) === newAnchor.get(j)
      if (similarity >= similarAnywhere || (inPlace && similarity >= similarInPlace)) {
        edges.push({ i, j, score: similarity + (inPlace ? 0.15 : 0) })
      }
    }
  }
  edges.sort((a, b) => b.score - a.score || Math.abs(a.i - a.j) - Math.abs(b.i - b.j) || a.j - b.j)
  const usedOld = new Set<number>()
  const usedNew = new Set<number>()
  for (const { i, j } of edges) {
    if (usedOld.has(i) || usedNew.has(j)) continue
    usedOld.add(i)
    usedNew.add(j)
    link(i, j, 'similar')
  }
}

/** A pair moved when keeping it in place would break the reading order kept
 *  by the most pairs (identical in-order text weighs a little more), or when
 *  it changed section. */
function markMoves(
  pairs: ClausePair[],
  inOrder: ReadonlySet<ClausePair>,
  before: readonly ClauseRecord[],
  after: readonly ClauseRecord[],
  sectionMap: readonly number[],
) {
  const kept = heaviestIncreasing(pairs.map((p) => ({ x: p.old, y: p.new, weight: inOrder.has(p) ? 1.001 : 1 })))
  pairs.forEach((p, k) => {
    const otherSection = sectionMap[before[p.old].sectionIndex] !== after[p.new].sectionIndex
    p.moved = !kept.has(k) || otherSection
  })
}

/** An added clause whose words come from a reworded neighbour's old text was
 *  split off it; a deleted clause whose words went into a reworded
 *  neighbour's new text was merged into it (SPEC.md D5). */
function findSplitsAndMerges(
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
      if (weights.containment(terms, across) >= containedIn && weights.containment(terms, termsOf(side, k)) < 0.5)
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
