import { present } from '../present'
import type { ClauseRecord } from './clauses'
import { commonSubsequence, heaviestIncreasing } from './sequence'
import { CandidateIndex, TermWeights } from './similarity'
import { findSplitsAndMerges } from './splits'

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
/** A clause moved and reworded is still the same clause when this share of
 *  its old words' weight is still there (D2.3)… */
const mostWordsKept = 0.6
/** …and the two are at least this similar. */
const similarKept = 0.35
/** Clauses standing in the same place that are compared with each free clause. */
const localCandidates = 16
/** Clauses found through shared rare words that are compared with each free clause. */
const indexedCandidates = 8
/** What standing in the same place adds to a similarity when the best pairs are chosen. */
const inPlaceBonus = 0.15

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
  const keys = orderKeys(before, after, o1, n1, sectionMap)
  for (const [a, b] of commonSubsequence(keys.old, keys.new)) {
    link(o1[a], n1[b], 'text')
    inOrder.add(pairs[pairs.length - 1])
  }
  // Repeated texts pair out of order only within their section; texts found
  // once on each side wherever they went.
  const [o2, n2] = [freeOld(), freeNew()]
  const keyOf = (k: Map<number, string>) => (i: number) => k.get(i) ?? ''
  pairSameTextOutOfOrder(o2, n2, keyOf(keys.byOld), keyOf(keys.byNew), link)
  const texts = { old: (i: number) => before[i].ref.text, new: (j: number) => after[j].ref.text }
  pairSimilar(texts, freeOld(), freeNew(), pairs, termsOf, link)
  pairRepeatedMovedWithNeighbour(before, after, freeOld(), freeNew(), oldPair, link)

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

/** The key each free clause is matched by in order: its text when it is
 *  found once on each side, else its text within its section (the new
 *  section an old section continues), so that repeated boilerplate
 *  (`[Placeholder]`, `Deleted.`) pairs inside its own section (D2.1). */
function orderKeys(
  before: readonly ClauseRecord[],
  after: readonly ClauseRecord[],
  freeOld: readonly number[],
  freeNew: readonly number[],
  sectionMap: readonly number[],
) {
  const tally = (records: readonly ClauseRecord[], free: readonly number[]) => {
    const count = new Map<string, number>()
    for (const k of free) count.set(records[k].ref.text, (count.get(records[k].ref.text) ?? 0) + 1)
    return count
  }
  const [olds, news] = [tally(before, freeOld), tally(after, freeNew)]
  const unique = (text: string) => olds.get(text) === 1 && news.get(text) === 1
  const oldSlot = (s: number) => (sectionMap[s] >= 0 ? String(sectionMap[s]) : `old ${s}`)
  const byOld = new Map<number, string>()
  const byNew = new Map<number, string>()
  for (const i of freeOld) {
    const text = before[i].ref.text
    byOld.set(i, unique(text) ? text : `${oldSlot(before[i].sectionIndex)}\u0000${text}`)
  }
  for (const j of freeNew) {
    const text = after[j].ref.text
    byNew.set(j, unique(text) ? text : `${after[j].sectionIndex}\u0000${text}`)
  }
  return {
    old: freeOld.map((i) => byOld.get(i) ?? ''),
    new: freeNew.map((j) => byNew.get(j) ?? ''),
    byOld,
    byNew,
  }
}

function pairSameTextOutOfOrder(
  freeOld: readonly number[],
  freeNew: readonly number[],
  oldKey: (i: number) => string,
  newKey: (j: number) => string,
  link: Link,
) {
  const waiting = new Map<string, number[]>()
  for (const i of freeOld) {
    const list = waiting.get(oldKey(i))
    if (list) list.push(i)
    else waiting.set(oldKey(i), [i])
  }
  for (const j of freeNew) {
    const i = waiting.get(newKey(j))?.shift()
    if (i !== undefined) link(i, j, 'text')
  }
}

/** A repeated text left over pairs with the same text in another section
 *  only when it went there with a clause next to it (a block moved), since
 *  nothing else tells one `[Placeholder]` from another (D2.3). */
function pairRepeatedMovedWithNeighbour(
  before: readonly ClauseRecord[],
  after: readonly ClauseRecord[],
  freeOld: readonly number[],
  freeNew: readonly number[],
  oldPair: Int32Array,
  link: Link,
) {
  const waiting = new Map<string, Set<number>>()
  for (const j of freeNew) {
    const list = waiting.get(after[j].ref.text) ?? new Set<number>()
    list.add(j)
    waiting.set(after[j].ref.text, list)
  }
  let pending = freeOld.filter((i) => waiting.has(before[i].ref.text))
  for (let changed = true; changed && pending.length; ) {
    changed = false
    pending = pending.filter((i) => {
      const list = waiting.get(before[i].ref.text)
      const next = (k: number) => (k >= 0 && k < before.length ? oldPair[k] : -1)
      const candidates = [next(i - 1) + 1, next(i + 1) - 1].filter((j) => j >= 0 && list?.has(j))
      if (!list || !candidates.length) return true
      list.delete(candidates[0])
      link(i, candidates[0], 'text')
      changed = true
      return false
    })
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

/** Pairs leftover clauses by similar words (D2.3). Identical texts left
 *  over are repeated ones in other sections: those are not similar but the
 *  same, and pair only by pairRepeatedMovedWithNeighbour. */
function pairSimilar(
  texts: { old: (i: number) => string; new: (j: number) => string },
  freeOld: number[],
  freeNew: number[],
  pairs: readonly ClausePair[],
  termsOf: TermsOf,
  link: Link,
) {
  if (!freeOld.length || !freeNew.length) return
  const weights = new TermWeights([...freeOld.map((i) => termsOf('old', i)), ...freeNew.map((j) => termsOf('new', j))])
  const index = new CandidateIndex(freeOld.map((id) => ({ id, terms: termsOf('old', id) })))
  const oldAnchor = anchors(freeOld, pairs, 'old')
  const newAnchor = anchors(freeNew, pairs, 'new')
  const byAnchor = new Map<number, number[]>()
  for (const i of freeOld) {
    const anchor = present(oldAnchor.get(i), 'the anchor of an old clause')
    const list = byAnchor.get(anchor) ?? []
    if (list.length < localCandidates) list.push(i)
    byAnchor.set(anchor, list)
  }
  const edges: { i: number; j: number; score: number }[] = []
  for (const j of freeNew) {
    const terms = termsOf('new', j)
    const local = byAnchor.get(present(newAnchor.get(j), 'the anchor of a new clause')) ?? []
    for (const i of new Set([...local, ...index.candidates(terms, weights, indexedCandidates)])) {
      if (texts.old(i) === texts.new(j)) continue
      const old = termsOf('old', i)
      const similarity = weights.similarity(old, terms)
      const inPlace = oldAnchor.get(i) === newAnchor.get(j)
      const kept = similarity >= similarKept && weights.containment(old, terms) >= mostWordsKept
      if (similarity >= similarAnywhere || kept || (inPlace && similarity >= similarInPlace)) {
        edges.push({ i, j, score: similarity + (inPlace ? inPlaceBonus : 0) })
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
