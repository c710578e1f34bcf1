import { describe, expect, it } from 'vitest'
import { countBrackets } from '../../../shared/brackets/groups'
import { pairSpans, sectionSpans } from '../../../shared/brackets/spans'
import { parseNotation } from '../../../shared/notation/parse'
import { serializeNotation } from '../../../shared/notation/serialize'
import { maxBracketDepth } from '../../../shared/schema/rules'
import { chapeau, doc, g, p, section, sub } from '../../builders'
import { parseError, parseText } from '../../builders/notation'

// Issue 11, point 5: brackets spanning paragraphs in the notation.

const parse = parseText
const errorOf = parseError

describe('brackets spanning paragraphs', () => {
  it('reads `[3. …` … `…]` as a span over the paragraphs between', () => {
    const parsed = parse('# I. T\n1. One.\n[2. Two [shall] act:\n  (a) first;\n  (b) second.]\n3. Three.\n')
    const expected = doc(
      section(
        'I',
        'T',
        p('One.'),
        p('Two ', g('shall'), ' act:', { spanOpen: 1 }),
        sub('first;'),
        sub('second.', { spanClose: 1 }),
        p('Three.'),
      ),
    )
    expect(parsed.toJSON()).toEqual(expected.toJSON())
    expect(sectionSpans(parsed.child(0))).toEqual([{ first: 1, last: 3, depth: 0 }])
    // The span counts as one pair and one group, beside the inline [shall].
    expect(countBrackets(parsed)).toEqual({ pairs: 2, groups: 2 })
  })

  it('writes spans back the way it reads them, nested ones, ids and ad ref included', () => {
    const text = [
      '# I. T',
      '[[1. One {#c1}',
      '2. Two]] {#c2 .adref}',
      '[3. Three [a][b].]',
      '4. Four',
      '',
      '[',
      'Option 1: an unnumbered paragraph',
      '',
      '[The Group] shall]',
      '',
      '[\\3. looks like a number]',
      '',
    ].join('\n')
    const parsed = parse(text)
    expect(serializeNotation(parsed)).toBe(text)
    const marks = parsed
      .child(0)
      .content.content.slice(1)
      .map((c) => [c.attrs.spanOpen, c.attrs.spanClose])
    expect(marks).toEqual([
      [2, 0],
      [0, 2],
      [1, 1],
      [0, 0],
      [1, 0],
      [0, 1],
      [0, 0],
    ])
    expect(sectionSpans(parsed.child(0))).toEqual([
      { first: 0, last: 1, depth: 0 },
      { first: 0, last: 1, depth: 1 },
      { first: 2, last: 2, depth: 0 },
      { first: 4, last: 5, depth: 0 },
    ])
  })

  it('round-trips spans built as nodes', () => {
    const built = doc(
      section('I', 'T', chapeau('Chapeau', { spanOpen: 1 }), p('One'), sub('', { spanClose: 1 }), p('[x]')),
      section('II', 'U', p('Only', { spanOpen: 1, spanClose: 1 })),
    )
    expect(parse(serializeNotation(built)).toJSON()).toEqual(built.toJSON())
  })

  it('a `[` at the start of an unnumbered paragraph closed in it stays an inline bracket', () => {
    const parsed = parse('# I. T\n[Option 1:] text\n')
    expect(parsed.child(0).child(1).attrs.spanOpen).toBe(0)
    expect(countBrackets(parsed).pairs).toBe(1)
  })

  it('refuses spans that do not close in their section, with line and column', () => {
    expect(errorOf('# I. T\n[1. One\n2. Two\n# II. U\n1. x]\n')).toEqual({
      line: 2,
      column: 1,
      message:
        "'[' before this paragraph is never closed in section I: close it with ']' at the end of a later paragraph",
    })
    expect(errorOf('# I. T\n1. One]\n').message).toBe("']' closes a bracket no paragraph before it opened in section I")
    expect(errorOf('# I. T\n1. One] more\n').message).toBe("']' without a matching '['")
    expect(errorOf('# I. T\n1. x\n[\n# II. U\n1. y\n')).toMatchObject({
      line: 3,
      message: "a '[' line must be followed by a paragraph of its section",
    })
    expect(errorOf('# I. T\n[The Group shall\n\n1. x]\n').message).toContain("put the '[' on a line of its own")
  })

  it(`spans and the brackets inside a clause nest at most ${maxBracketDepth} deep together`, () => {
    const inner = (n: number) => `${'['.repeat(n)}x${']'.repeat(n)}`
    const text = (spans: number, inline: number) =>
      `# I. T\n${'['.repeat(spans)}1. a ${inner(inline)}\n2. b${']'.repeat(spans)}\n`
    expect(parseNotation(text(2, maxBracketDepth - 2)).ok).toBe(true)
    expect(errorOf(text(2, maxBracketDepth - 1))).toMatchObject({ line: 2, message: expect.stringContaining('deep') })
    expect(errorOf(text(maxBracketDepth + 1, 0)).message).toContain(`${maxBracketDepth}`)
  })

  it('pairs marks like brackets and names the clause at fault', () => {
    expect(
      pairSpans([
        { spanOpen: 1, spanClose: 0 },
        { spanOpen: 0, spanClose: 2 },
      ]),
    ).toMatchObject({
      breach: { rule: 'clause.span.balance' },
      at: 1,
    })
    expect(pairSpans([{ spanOpen: 1, spanClose: 0 }])).toMatchObject({ at: 0 })
  })
})
