import DiffMatchPatch from 'diff-match-patch'
import { TokenAlphabet } from './words'
import { present } from '../present'

const dmp = new DiffMatchPatch()
// A deadline would make the result depend on the machine's speed; a long one
// keeps diff-match-patch's half-match speed-up, which only runs with a deadline.
dmp.Diff_Timeout = 600

/** The pairs (i, j) of a common subsequence of two lists of texts: identical
 *  clauses in the same order, repeated ones matched in order. Texts that occur
 *  once on each side anchor the alignment first (patience diff: the longest
 *  increasing run of them), then diff-match-patch matches what lies between
 *  two anchors. Myers' algorithm on the whole lists costs the length times
 *  the number of changes, which grows with the square of a text's length;
 *  anchoring keeps the work near-linear, and the gaps stay small. */
export function commonSubsequence(before: readonly string[], after: readonly string[]): [number, number][] {
  const anchors = uniqueAnchors(before, after)
  const pairs: [number, number][] = []
  let [i, j] = [0, 0]
  for (const [a, b] of [...anchors, [before.length, after.length] as [number, number]]) {
    if (a > i && b > j) {
      for (const [x, y] of orderedMatches(before.slice(i, a), after.slice(j, b))) pairs.push([i + x, j + y])
    }
    if (a < before.length) pairs.push([a, b])
    ;[i, j] = [a + 1, b + 1]
  }
  return pairs
}

/** Pairs of texts found exactly once on each side, the longest run of them
 *  that keeps both orders. */
function uniqueAnchors(before: readonly string[], after: readonly string[]): [number, number][] {
  const count = (list: readonly string[]) => {
    const seen = new Map<string, number>()
    list.forEach((text, k) => {
      seen.set(text, seen.has(text) ? -1 : k)
    })
    return seen
  }
  const once = count(before)
  const candidates: Weighted[] = []
  count(after).forEach((j, text) => {
    const i = once.get(text)
    if (j >= 0 && i !== undefined && i >= 0) candidates.push({ x: i, y: j, weight: 1 })
  })
  return [...heaviestIncreasing(candidates)]
    .map((k) => [candidates[k].x, candidates[k].y] as [number, number])
    .sort((p, q) => p[0] - q[0])
}

/** A longest common subsequence by diff-match-patch, over one character per
 *  distinct text. */
function orderedMatches(before: readonly string[], after: readonly string[]): [number, number][] {
  const alphabet = new TokenAlphabet()
  const a = alphabet.encode(before.map((text) => ({ text })))
  const b = alphabet.encode(after.map((text) => ({ text })))
  if (a === null || b === null) return []
  const pairs: [number, number][] = []
  let i = 0
  let j = 0
  for (const [op, chars] of dmp.diff_main(a, b, false)) {
    if (op === DiffMatchPatch.DIFF_EQUAL) {
      for (let k = 0; k < chars.length; k++) pairs.push([i + k, j + k])
    }
    if (op !== DiffMatchPatch.DIFF_INSERT) i += chars.length
    if (op !== DiffMatchPatch.DIFF_DELETE) j += chars.length
  }
  return pairs
}

/** An item for `heaviestIncreasing`: a point and how much keeping it is worth. */
export interface Weighted {
  x: number
  y: number
  weight: number
}

/** Picks the subset of items, strictly increasing in both x and y, with the
 *  greatest total weight (a weighted longest increasing subsequence), in
 *  O(n log n) with a Fenwick tree of prefix maxima. Returns their indices. */
export function heaviestIncreasing(items: readonly Weighted[]): Set<number> {
  const order = items.map((_, i) => i).sort((p, q) => items[p].x - items[q].x || items[q].y - items[p].y)
  const ys = [...new Set(items.map((it) => it.y))].sort((p, q) => p - q)
  const rank = new Map(ys.map((y, i) => [y, i + 1]))
  const best = new Float64Array(ys.length + 1)
  const bestAt = new Int32Array(ys.length + 1).fill(-1)
  const total = new Float64Array(items.length)
  const previous = new Int32Array(items.length).fill(-1)
  for (const i of order) {
    const r = present(rank.get(items[i].y), 'the rank of a y')
    let value = 0
    let from = -1
    for (let k = r - 1; k > 0; k -= k & -k) {
      if (best[k] > value) {
        value = best[k]
        from = bestAt[k]
      }
    }
    total[i] = value + items[i].weight
    previous[i] = from
    for (let k = r; k <= ys.length; k += k & -k) {
      if (total[i] > best[k]) {
        best[k] = total[i]
        bestAt[k] = i
      }
    }
  }
  const kept = new Set<number>()
  let end = -1
  for (let i = 0; i < items.length; i++) if (end < 0 || total[i] > total[end]) end = i
  for (let i = end; i >= 0; i = previous[i]) kept.add(i)
  return kept
}
