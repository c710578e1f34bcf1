import type { Node } from 'prosemirror-model'
import type { Command, EditorState, Transaction } from 'prosemirror-state'
import { maxBracketDepth } from '../schema/rules'
import { bracketDepth } from './depth'
import { marksOf, nestsWith, type Span, sectionMarks, sectionSpans, spanDepths } from './spans'

/** A section and the positions of its clauses (just before each). */
interface SectionClauses {
  section: Node
  clauses: Node[]
  positions: number[]
}

/** The section at top-level index `index` with its clauses. */
function sectionClauses(doc: Node, index: number): SectionClauses {
  const section = doc.child(index)
  let pos = 0
  for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize
  const clauses: Node[] = []
  const positions: number[] = []
  section.forEach((child, offset) => {
    if (child.type.name !== 'clause') return
    clauses.push(child)
    positions.push(pos + 1 + offset)
  })
  return { section, clauses, positions }
}

/** The clauses the selection touches, when they lie in one section: the
 *  section's index and the first and last clause's indexes in it. */
function selectedClauses(state: EditorState): { section: number; first: number; last: number } | null {
  const { $from, $to } = state.selection
  if ($from.depth < 2 || $to.depth < 2 || $from.index(0) !== $to.index(0)) return null
  // Clause indexes count from the section's first clause (its title is child 0).
  const first = $from.index(1) - 1
  const last = $to.index(1) - 1
  if (first < 0 || last < 0) return null
  return { section: $from.index(0), first, last }
}

/** The innermost bracket spanning paragraphs that holds the clause at the
 *  selection's start: its section's index and the span, or null. */
export function spanAround(state: EditorState): { section: number; span: Span } | null {
  const at = selectedClauses(state)
  if (!at) return null
  const spans = sectionSpans(state.doc.child(at.section)).filter((s) => s.first <= at.first && s.last >= at.first)
  const span = spans.reduce<Span | null>((inner, s) => (!inner || s.depth > inner.depth ? s : inner), null)
  return span ? { section: at.section, span } : null
}

/** Sets the span marks of a section's clauses to `marks`, where they differ. */
function writeMarks(tr: Transaction, section: SectionClauses, marks: ReturnType<typeof marksOf>): void {
  section.clauses.forEach((clause, i) => {
    for (const name of ['spanOpen', 'spanClose'] as const)
      if (clause.attrs[name] !== marks[i][name]) tr.setNodeAttribute(section.positions[i], name, marks[i][name])
  })
}

/** Brackets the paragraphs the selection touches as one span (`[3. … 4. …]`),
 *  in one section. Refused when the new span would cross one already there
 *  (spans nest, as brackets do) or nest deeper than the limit. */
export const bracketParagraphs: Command = (state, dispatch) => {
  const at = selectedClauses(state)
  if (!at) return false
  const section = sectionClauses(state.doc, at.section)
  const spans = sectionSpans(section.section)
  if (!nestsWith(spans, at.first, at.last)) return false
  const depths = spanDepths(sectionMarks(section.section))
  for (let i = at.first; i <= at.last; i++)
    if (depths[i] + 1 + bracketDepth(section.clauses[i]) > maxBracketDepth) return false
  if (dispatch) {
    const tr = state.tr
    const first = section.clauses[at.first]
    const last = section.clauses[at.last]
    tr.setNodeAttribute(section.positions[at.first], 'spanOpen', first.attrs.spanOpen + 1)
    tr.setNodeAttribute(section.positions[at.last], 'spanClose', last.attrs.spanClose + 1)
    dispatch(tr.scrollIntoView())
  }
  return true
}

/** Accepts the innermost span around the cursor: its paragraphs stay, its
 *  brackets go. */
export const acceptSpan: Command = (state, dispatch) => {
  const around = spanAround(state)
  if (!around) return false
  if (dispatch) {
    const section = sectionClauses(state.doc, around.section)
    const { first, last } = around.span
    const tr = state.tr
    tr.setNodeAttribute(section.positions[first], 'spanOpen', section.clauses[first].attrs.spanOpen - 1)
    tr.setNodeAttribute(section.positions[last], 'spanClose', section.clauses[last].attrs.spanClose - 1)
    dispatch(tr.scrollIntoView())
  }
  return true
}

/** Drops the innermost span around the cursor: its paragraphs are deleted
 *  with its brackets (and the spans inside it); a span holding it keeps the
 *  paragraphs around the ones deleted. */
export const dropSpan: Command = (state, dispatch) => {
  const around = spanAround(state)
  if (!around) return false
  if (dispatch) {
    const section = sectionClauses(state.doc, around.section)
    const { first, last } = around.span
    const gone = last - first + 1
    const kept = sectionSpans(section.section).flatMap((s) => {
      if (s.first >= first && s.last <= last) return []
      const from = s.first >= first && s.first <= last ? last + 1 : s.first
      const to = s.last >= first && s.last <= last ? first - 1 : s.last
      const shift = (i: number) => (i > last ? i - gone : i)
      return from > to ? [] : [{ first: shift(from), last: shift(to) }]
    })
    const end = section.positions[last] + section.clauses[last].nodeSize
    const tr = state.tr.delete(section.positions[first], end)
    writeMarks(tr, sectionClauses(tr.doc, around.section), marksOf(kept, section.clauses.length - gone))
    dispatch(tr.scrollIntoView())
  }
  return true
}
