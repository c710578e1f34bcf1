import type { Node } from 'prosemirror-model'
import type { ClauseLevel } from './nodes'

/** How deep a clause sits in the outline: 1 a paragraph (numbered or not), 2 a
 *  lettered sub-paragraph, 3 a roman one. A paragraph and the clauses after
 *  it that sit deeper form one unit: it moves, indents and is cut with them. */
export const rankOf = (level: ClauseLevel): 1 | 2 | 3 => (level === 0 || level === 1 ? 1 : level)

/** The level of a clause moved to `rank`, keeping an unnumbered paragraph unnumbered. */
export const levelAtRank = (level: ClauseLevel, rank: number): ClauseLevel =>
  (rank <= 1 ? (level === 0 ? 0 : 1) : Math.min(3, rank)) as ClauseLevel

/** The index just past the unit that starts at `index`: the clause and the
 *  clauses after it that sit deeper. */
export function unitEnd(levels: readonly ClauseLevel[], index: number): number {
  const rank = rankOf(levels[index])
  let end = index + 1
  while (end < levels.length && rankOf(levels[end]) > rank) end++
  return end
}

/** The index of the clause the unit at `index` belongs to (its paragraph or
 *  sub-paragraph), or -1 for a paragraph. */
export function parentIndex(levels: readonly ClauseLevel[], index: number): number {
  const rank = rankOf(levels[index])
  for (let i = index - 1; i >= 0; i--) if (rankOf(levels[i]) < rank) return i
  return -1
}

/** Whether a clause at `rank` may follow one at `previous` (0: the section's
 *  start): a sub-paragraph needs a parent one rank above it. */
export const mayFollow = (previous: number, rank: number): boolean => rank <= previous + 1

/** Indexes of orphans: a sub-paragraph with no parent (first in its section,
 *  or deeper by more than one rank than the clause before it). */
export function orphans(levels: readonly ClauseLevel[]): number[] {
  const out: number[] = []
  for (let i = 0; i < levels.length; i++) {
    if (!mayFollow(i === 0 ? 0 : rankOf(levels[i - 1]), rankOf(levels[i]))) out.push(i)
  }
  return out
}

/** The levels with every orphan given a parent: each run of clauses standing
 *  deeper than a missing parent is raised together, so siblings stay siblings
 *  and a sub-paragraph's own sub-paragraphs stay under it. */
export function repairedLevels(levels: readonly ClauseLevel[]): ClauseLevel[] {
  const out = [...levels]
  for (let i = 0; i < out.length; i++) {
    const previous = i === 0 ? 0 : rankOf(out[i - 1])
    if (mayFollow(previous, rankOf(out[i]))) continue
    let end = i
    let shallowest = 3
    while (end < out.length && rankOf(out[end]) > previous + 1) shallowest = Math.min(shallowest, rankOf(out[end++]))
    const lift = shallowest - (previous + 1)
    for (let j = i; j < end; j++) out[j] = levelAtRank(out[j], rankOf(out[j]) - lift)
    // A run that starts deeper than it goes on (`(i)` then `(b)`, once their
    // paragraph was deleted) still leaves its first clause without a parent:
    // look at it again (each lift raises it, so this ends).
    if (!mayFollow(previous, rankOf(out[i]))) i--
  }
  return out
}

/** The levels of a section node's clauses, in order. */
export function sectionLevels(section: Node): ClauseLevel[] {
  const levels: ClauseLevel[] = []
  section.forEach((child) => {
    if (child.type.name === 'clause') levels.push(child.attrs.level as ClauseLevel)
  })
  return levels
}
