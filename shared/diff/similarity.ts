import { foldWord } from './classify'
import type { Token } from './tokenize'

/** The distinct words of a clause, folded (lower case, no accents), brackets
 *  and punctuation left out. */
export function termsOf(tokens: readonly Token[]): Set<string> {
  const terms = new Set<string>()
  for (const t of tokens) if (t.kind === 'word') terms.add(foldWord(t.text))
  return terms
}

/** How much each word says about which clause is which: rare words weigh
 *  more than `the` or `States` (inverse document frequency). */
export class TermWeights {
  private frequency = new Map<string, number>()
  private weights = new Map<string, number>()
  private totals = new WeakMap<ReadonlySet<string>, number>()
  private documents = 0

  constructor(bags: Iterable<ReadonlySet<string>>) {
    for (const bag of bags) {
      this.documents++
      for (const term of bag) this.frequency.set(term, (this.frequency.get(term) ?? 0) + 1)
    }
  }

  weight(term: string): number {
    let w = this.weights.get(term)
    if (w === undefined) {
      w = Math.log(1 + (this.documents + 1) / ((this.frequency.get(term) ?? 0) + 1))
      this.weights.set(term, w)
    }
    return w
  }

  /** The weight of a set of words; a clause's set is weighed once however
   *  many candidates it is compared with. */
  total(terms: ReadonlySet<string>): number {
    let sum = this.totals.get(terms)
    if (sum === undefined) {
      sum = 0
      for (const t of terms) sum += this.weight(t)
      this.totals.set(terms, sum)
    }
    return sum
  }

  shared(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
    const [small, large] = a.size <= b.size ? [a, b] : [b, a]
    let sum = 0
    for (const t of small) if (large.has(t)) sum += this.weight(t)
    return sum
  }

  /** Weighted Dice coefficient: 1 for the same words, 0 for none in common. */
  similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
    const total = this.total(a) + this.total(b)
    return total === 0 ? 0 : (2 * this.shared(a, b)) / total
  }

  /** The share of `part`'s weight found in `whole`: near 1 when `part` was
   *  cut out of `whole` (a clause split off another). */
  containment(part: ReadonlySet<string>, whole: ReadonlySet<string>): number {
    const total = this.total(part)
    return total === 0 ? 0 : this.shared(part, whole) / total
  }
}

/** Finds, for a clause, the clauses on the other side that share its rarer
 *  words, without comparing every pair: an inverted index in which words
 *  found in too many clauses are left out (they say little and cost much). */
export class CandidateIndex {
  private postings = new Map<string, number[]>()

  constructor(
    entries: readonly { id: number; terms: ReadonlySet<string> }[],
    private maxPostings = 64,
  ) {
    for (const { id, terms } of entries) {
      for (const t of terms) {
        const list = this.postings.get(t)
        if (list) list.push(id)
        else this.postings.set(t, [id])
      }
    }
  }

  /** Ids sharing at least one informative word with `terms`, best first, at most `limit`. */
  candidates(terms: ReadonlySet<string>, weights: TermWeights, limit: number): number[] {
    const score = new Map<number, number>()
    for (const t of terms) {
      const list = this.postings.get(t)
      if (!list || list.length > this.maxPostings) continue
      const w = weights.weight(t)
      for (const id of list) score.set(id, (score.get(id) ?? 0) + w)
    }
    return [...score]
      .sort((p, q) => q[1] - p[1] || p[0] - q[0])
      .slice(0, limit)
      .map(([id]) => id)
  }
}
