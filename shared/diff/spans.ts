import { marksOfNode, pairSpans } from '../brackets/spans'
import type { ClausePair } from './align'
import type { ClauseRecord } from './clauses'
import type { SpanChange, SpanExtent } from './types'

/** A span of one reading, by the reading-wide indexes of its first and last clause. */
interface ReadingSpan {
  first: number
  last: number
}

/** The spans of a reading, outer ones first where they start together. */
function readingSpans(records: readonly ClauseRecord[]): ReadingSpan[] {
  const out: ReadingSpan[] = []
  let start = 0
  while (start < records.length) {
    const section = records[start].sectionIndex
    let end = start
    while (end < records.length && records[end].sectionIndex === section) end++
    const paired = pairSpans(records.slice(start, end).map((r) => marksOfNode(r.node)))
    for (const span of 'spans' in paired ? paired.spans : [])
      out.push({ first: start + span.first, last: start + span.last })
    start = end
  }
  return out
}

const extent = (records: readonly ClauseRecord[], s: ReadingSpan): SpanExtent => ({
  from: records[s.first].ref.key,
  to: records[s.last].ref.key,
  clauses: s.last - s.first + 1,
})

/** Compares the brackets spanning paragraphs of two readings (SPEC.md D16).
 *  A span is the same span when its first and last clauses pair with the
 *  first and last of one on the other side. Otherwise an old span whose
 *  clauses all went was dropped; one whose kept clauses now lie in a span
 *  that is new changed into it (widened or narrowed); any other was
 *  resolved (its clauses stay, without its brackets). New spans left are added. */
export function spanChanges(
  before: readonly ClauseRecord[],
  after: readonly ClauseRecord[],
  pairs: readonly ClausePair[],
): SpanChange[] {
  const spans = { old: readingSpans(before), new: readingSpans(after) }
  if (!spans.old.length && !spans.new.length) return []
  const newOf = new Map(pairs.map((p) => [p.old, p.new]))
  const unmatched = new Set(spans.new)
  const placed: { at: number; change: SpanChange }[] = []
  const leftOld = spans.old.filter((s) => {
    const same = [...unmatched].find((n) => n.first === newOf.get(s.first) && n.last === newOf.get(s.last))
    if (same) unmatched.delete(same)
    return !same
  })
  for (const s of leftOld) {
    const kept: number[] = []
    for (let i = s.first; i <= s.last; i++) {
      const j = newOf.get(i)
      if (j !== undefined) kept.push(j)
    }
    const old = extent(before, s)
    if (!kept.length) {
      placed.push({ at: placeOf(s.first, newOf), change: { kind: 'dropped', old } })
      continue
    }
    const into = [...unmatched].find((n) => kept.some((j) => j >= n.first && j <= n.last))
    if (into) {
      unmatched.delete(into)
      placed.push({ at: into.first, change: { kind: 'changed', old, new: extent(after, into) } })
    } else placed.push({ at: Math.min(...kept), change: { kind: 'resolved', old } })
  }
  for (const n of unmatched) placed.push({ at: n.first, change: { kind: 'added', new: extent(after, n) } })
  return placed.sort((a, b) => a.at - b.at).map((p) => p.change)
}

/** Where something that stood at old clause `i` goes in the new order: just
 *  after the new place of the nearest earlier old clause that stayed. */
function placeOf(i: number, newOf: ReadonlyMap<number, number>): number {
  for (let k = i - 1; k >= 0; k--) {
    const j = newOf.get(k)
    if (j !== undefined) return j + 0.5
  }
  return -0.5
}
