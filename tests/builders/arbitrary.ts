import { present } from '../../shared/present'
import fc from 'fast-check'
import type { Node } from 'prosemirror-model'
import { schema } from '../../shared/schema/schema'
import { ClauseNumberer } from '../../shared/schema/numbering'
import type { ClauseLevel } from '../../shared/schema/nodes'
import { marksOf, nestsWith, type Span } from '../../shared/brackets/spans'

/** Characters for random text: Latin with accents, CJK, Arabic, punctuation,
 *  and the notation's own special characters, which must be escaped. */
const alphabet = [
  ...'abcdefghij shall should ',
  ...'éèçñüÅØ',
  ...'各国应确保操作员理解系统',
  ...'الدولتضمن',
  ...'.,;:—–-’"\'()',
  '[',
  ']',
  '{',
  '}',
  '\\',
  '%',
  '#',
  ' ',
  ' ',
]

const rawText = fc.string({ unit: fc.constantFrom(...alphabet), minLength: 1, maxLength: 12 })

/** Inline content where no two bracket groups touch (the notation reads
 *  `[a][b]` as one group of alternatives). */
function inlineContent(depth: number): fc.Arbitrary<Node[]> {
  const item: fc.Arbitrary<Node | string> =
    depth > 0 ? fc.oneof({ weight: 3, arbitrary: rawText }, { weight: 1, arbitrary: group(depth - 1) }) : rawText
  return fc.array(item, { maxLength: 4 }).map((items) => {
    const nodes: Node[] = []
    for (const it of items) {
      const last = nodes[nodes.length - 1]
      if (typeof it === 'string') {
        if (last?.isText) nodes[nodes.length - 1] = schema.text(last.text + it)
        else nodes.push(schema.text(it))
      } else {
        if (last && !last.isText) nodes.push(schema.text(' '))
        nodes.push(it)
      }
    }
    return nodes
  })
}

function group(depth: number): fc.Arbitrary<Node> {
  const option = fc
    .tuple(
      inlineContent(depth),
      fc.option(fc.constantFrom('Austria', 'Brazil', 'Côte d’Ivoire', '中国'), { nil: null }),
    )
    .map(([content, proposedBy]) => schema.node('option', { proposedBy }, content))
  return fc.array(option, { minLength: 1, maxLength: 3 }).map((options) => schema.node('bracket_group', null, options))
}

/** Clause-level content: no white space at either end, no line breaks. */
const clauseContent: fc.Arbitrary<Node[]> = inlineContent(3).map((nodes) => {
  const out = [...nodes]
  if (out[0]?.isText) out[0] = schema.text(present(out[0].text).trimStart() || 'x')
  const last = out.length - 1
  if (out[last]?.isText) out[last] = schema.text(present(out[last].text).trimEnd() || 'x')
  return out
})

const clauseShape = fc.record({
  level: fc.constantFrom<ClauseLevel>(0, 1, 1, 1, 2, 2, 3),
  content: clauseContent,
  given: fc.constantFrom('none', 'none', 'none', 'given'),
  status: fc.constantFrom('open', 'open', 'adref'),
  id: fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{2,8}$/), { nil: null }),
})

/** Labels that differ from the computed one, as imported texts have them. */
function givenLabel(level: ClauseLevel, expected: string, current: number): string | null {
  if (level === 1) return `${current}bis`
  if (level === 2 && /^[a-h]$/.test(expected)) return expected.toUpperCase()
  return null
}

const sectionShape = fc.record({
  title: fc
    .string({ unit: fc.constantFrom(...alphabet.filter((c) => c !== '\\')), maxLength: 20 })
    .map((t) => t.trim()),
  clauses: fc.array(clauseShape, { maxLength: 8 }),
  /** Brackets spanning paragraphs: pairs of clause positions, kept when they nest. */
  spans: fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { maxLength: 3 }),
})

/** The span marks of a section of `count` clauses from random position pairs:
 *  each pair that nests with those kept before it becomes a span. */
function randomMarks(pairs: readonly [number, number][], count: number) {
  const spans: Span[] = []
  for (const [a, b] of pairs) {
    const first = Math.min(a, b)
    const last = Math.max(a, b)
    if (last < count && nestsWith(spans, first, last)) spans.push({ first, last, depth: 0 })
  }
  return marksOf(spans, count)
}

const numerals = ['I', 'II', 'III', 'IV', 'V', 'VI']

/** Random documents with nested brackets, Unicode, given labels, ids and
 *  statuses, all of which the notation can express. */
export const arbitraryDocument: fc.Arbitrary<Node> = fc
  .array(sectionShape, { minLength: 1, maxLength: 4 })
  .map((sections) => {
    const usedIds = new Set<string>()
    return schema.node(
      'doc',
      { meta: { title: 'Generated' } },
      sections.map((s, i) => {
        const numberer = new ClauseNumberer()
        let paragraphs = 0
        const usedBis = new Set<number>()
        const marks = randomMarks(s.spans, s.clauses.length)
        const clauses = s.clauses.map((c, k) => {
          let label = c.given === 'given' ? givenLabel(c.level, numberer.expected(c.level), paragraphs) : null
          if (c.level === 1 && label && usedBis.has(paragraphs)) label = null
          if (c.level === 1 && label) usedBis.add(paragraphs)
          if (c.level === 1 && !label) paragraphs++
          numberer.next(c.level, label)
          const id = c.id && !usedIds.has(c.id) ? c.id : null
          if (id) usedIds.add(id)
          return schema.node('clause', { id, level: c.level, label, status: c.status, ...marks[k] }, c.content)
        })
        return schema.node('section', { numeral: numerals[i] }, [
          schema.node('section_title', null, s.title ? schema.text(s.title) : undefined),
          ...clauses,
        ])
      }),
    )
  })
