/** Brackets that span paragraphs: `[3. The Group shall … 4. … ]`.
 *
 *  Why attributes and not a node: a section stays a flat list of clauses
 *  (numbering, units, the Yjs structure check, the diff's alignment and every
 *  export walk that list), and a bracket around clauses 3 and 4 is two marks
 *  on that list: `spanOpen` on clause 3 (brackets opening before it) and
 *  `spanClose` on clause 4 (brackets closing after it). A wrapper node would
 *  make clauses change depth whenever a bracket is added or accepted, so
 *  every clause position, Yjs path and stored anchor would move. As counts,
 *  the marks pair like brackets in a text: read in order, each close ends the
 *  innermost open span, so spans nest and never cross. A span stays within
 *  its section. Its depth adds to the depth of the inline brackets of every
 *  clause inside it; together they nest at most `maxBracketDepth` deep. */
import type { Node } from 'prosemirror-model'
import { maxBracketDepth, type RuleBreach } from '../schema/rules'

/** A clause's span marks. */
export interface SpanMarks {
  spanOpen: number
  spanClose: number
}

/** One span: the indexes (within its section's clauses) of its first and
 *  last clause, and how many spans hold it (0 for an outermost one). */
export interface Span {
  first: number
  last: number
  depth: number
}

/** The spans the marks describe, outer ones first when they start at the same
 *  clause; or the breach when they do not pair within the section (`at`:
 *  the index of the clause at fault). */
export function pairSpans(marks: readonly SpanMarks[]): { spans: Span[] } | { breach: RuleBreach; at: number } {
  const open: Span[] = []
  const spans: Span[] = []
  for (let i = 0; i < marks.length; i++) {
    for (let k = 0; k < marks[i].spanOpen; k++) {
      const span = { first: i, last: -1, depth: open.length }
      open.push(span)
      spans.push(span)
    }
    for (let k = 0; k < marks[i].spanClose; k++) {
      const span = open.pop()
      if (!span)
        return {
          breach: { rule: 'clause.span.balance', message: 'a bracket closes that no clause before opened' },
          at: i,
        }
      span.last = i
    }
  }
  const unclosed = open[open.length - 1]
  if (unclosed)
    return {
      breach: {
        rule: 'clause.span.balance',
        message: 'a bracket opened before a clause is never closed in its section',
      },
      at: unclosed.first,
    }
  return { spans: spans.sort((a, b) => a.first - b.first || a.depth - b.depth) }
}

/** How many spans hold each clause. */
export function spanDepths(marks: readonly SpanMarks[]): number[] {
  let depth = 0
  return marks.map((m) => {
    depth += m.spanOpen
    const here = depth
    depth -= m.spanClose
    return here
  })
}

/** The breach for a clause held by `spans` spans whose own brackets nest
 *  `inline` deep, or null within the limit. */
export function spanDepthBreach(spans: number, inline: number): RuleBreach | null {
  return spans + inline > maxBracketDepth
    ? {
        rule: 'brackets.depth',
        message: `brackets nest ${spans + inline} deep across paragraphs; at most ${maxBracketDepth} levels are allowed`,
      }
    : null
}

/** The marks that give exactly `spans` over `count` clauses. */
export function marksOf(spans: readonly Pick<Span, 'first' | 'last'>[], count: number): SpanMarks[] {
  const marks = Array.from({ length: count }, () => ({ spanOpen: 0, spanClose: 0 }))
  for (const s of spans) {
    marks[s.first].spanOpen++
    marks[s.last].spanClose++
  }
  return marks
}

/** Whether a span over `first`…`last` nests with every one of `spans`
 *  (holds it, lies in it, or stays clear of it): spans never cross. */
export const nestsWith = (spans: readonly Span[], first: number, last: number): boolean =>
  spans.every(
    (s) =>
      s.last < first || s.first > last || (s.first <= first && s.last >= last) || (first <= s.first && last >= s.last),
  )

/** The span marks of a section node's clauses, in order. */
export function sectionMarks(section: Node): SpanMarks[] {
  const marks: SpanMarks[] = []
  section.forEach((child) => {
    if (child.type.name === 'clause') marks.push(marksOfNode(child))
  })
  return marks
}

/** A clause node's marks (0 for attributes a stored reading never had). */
export const marksOfNode = (clause: Node): SpanMarks => ({
  spanOpen: Number(clause.attrs.spanOpen ?? 0),
  spanClose: Number(clause.attrs.spanClose ?? 0),
})

/** The spans of a section node; a section whose marks do not pair (which the
 *  rules never let in) has none. */
export function sectionSpans(section: Node): Span[] {
  const paired = pairSpans(sectionMarks(section))
  return 'spans' in paired ? paired.spans : []
}
