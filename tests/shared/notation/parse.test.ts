import { present } from '../../../shared/present'
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { formatNotationError } from '../../../shared/notation/parse'
import { serializeNotation } from '../../../shared/notation/serialize'
import { doc, section, p, sub, subsub, chapeau, g, opt, docWithMeta } from '../../builders'
import { parseError, parseText } from '../../builders/notation'

const parse = parseText
const errorOf = parseError

describe('parseNotation', () => {
  it('reads sections, numbered clauses and sub-paragraphs', () => {
    const parsed = parse('# I. Title\n1. One\n2. Two:\n  (a) first;\n  (b) second\n    (i) deep\n')
    expect(
      parsed.eq(doc(section('I', 'Title', p('One'), p('Two:'), sub('first;'), sub('second'), subsub('deep')))),
    ).toBe(true)
  })

  it('reads metadata and drops comments', () => {
    const parsed = parse('% title: A text\n% reading: First\n% a comment\n# I. T\n1. x\n')
    expect(parsed.attrs.meta).toEqual({ title: 'A text', reading: 'First' })
  })

  it('reads brackets, alternatives and nesting', () => {
    const parsed = parse('# I. T\n1. a [lethal] b [shall][should] c [on the [thirtieth][ninetieth] day]\n')
    const expected = doc(
      section(
        'I',
        'T',
        p('a ', g('lethal'), ' b ', g('shall', 'should'), ' c ', g(['on the ', g('thirtieth', 'ninetieth'), ' day'])),
      ),
    )
    expect(parsed.eq(expected)).toBe(true)
  })

  it('joins continuation lines with one space', () => {
    const parsed = parse('# I. T\n1. States [shall\n   ensure] that\nthe operator\n')
    expect(parsed.eq(doc(section('I', 'T', p('States ', g('shall ensure'), ' that the operator'))))).toBe(true)
  })

  it('keeps labels as given: 4bis, 4 ter, (A)', () => {
    const parsed = parse('# I. T\n1. a\n1bis. b\n1 ter. c\n2. d\n  (A) e\n')
    const expected = doc(
      section(
        'I',
        'T',
        p('a'),
        p('b', { label: '1bis' }),
        p('c', { label: '1 ter' }),
        p('d'),
        sub('e', { label: 'A' }),
      ),
    )
    expect(parsed.eq(expected)).toBe(true)
  })

  it('keeps a skipped number as a given label', () => {
    const parsed = parse('# I. T\n1. a\n3. b\n4. c\n')
    expect(parsed.eq(doc(section('I', 'T', p('a'), p('b', { label: '3' }), p('c'))))).toBe(true)
  })

  it('tells lettered (i) from roman (i) by sequence, lookahead and indentation', () => {
    const letters = 'abcdefgh'
      .split('')
      .map((l) => `  (${l}) x`)
      .join('\n')
    expect(present(present(parse(`# I. T\n1. p\n${letters}\n  (i) letter\n`).lastChild).lastChild).attrs.level).toBe(2)
    const roman = present(parse(`# I. T\n1. p\n${letters}\n  (i) roman\n  (ii) roman\n`).lastChild)
    expect(roman.child(roman.childCount - 2).attrs.level).toBe(3)
    const indented = present(present(parse(`# I. T\n1. p\n${letters}\n    (i) roman\n`).lastChild).lastChild)
    expect(indented.attrs.level).toBe(3)
    const flat = present(parse('# I. T\n1. p\n(a) x\n(i) y\n(ii) z\n(b) w\n').lastChild)
    expect([1, 2, 3, 4, 5].map((i) => flat.child(i).attrs.level)).toEqual([1, 2, 3, 3, 2])
  })

  it('reads ids, agreed ad referendum and attributed options', () => {
    const parsed = parse('# I. T\n1. a [x]{by="Austria"}[y] {#c1 .adref}\n')
    const expected = doc(section('I', 'T', p('a ', g(opt('x', { by: 'Austria' }), 'y'), { id: 'c1', status: 'adref' })))
    expect(parsed.eq(expected)).toBe(true)
  })

  it('reads an unnumbered paragraph after a heading or a blank line', () => {
    const parsed = parse('# I. T\nChapeau text\n1. a\n\nClosing words\n')
    expect(parsed.eq(doc(section('I', 'T', chapeau('Chapeau text'), p('a'), chapeau('Closing words'))))).toBe(true)
  })

  it('reads escapes', () => {
    const parsed = parse('# I. T\n1. a \\[not a bracket\\] \\{ and \\\\\n')
    expect(parsed.eq(doc(section('I', 'T', p('a [not a bracket] { and \\'))))).toBe(true)
  })

  it('reads an empty section', () => {
    const parsed = parse('# I. T\n\n# II. U\n1. a\n')
    expect(parsed.eq(doc(section('I', 'T'), section('II', 'U', p('a'))))).toBe(true)
  })

  it('reads the sample readings', () => {
    for (const name of ['sample-reading-1.txt', 'sample-reading-2.txt']) {
      const parsed = parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8'))
      expect(parsed.childCount).toBe(5)
    }
  })
})

describe('parseNotation errors (FILE:LINE:COL)', () => {
  it('unbalanced brackets point at the bracket', () => {
    expect(errorOf('# I. T\n1. a [b c\n')).toEqual({ line: 2, column: 6, message: "'[' is never closed" })
    expect(errorOf('# I. T\n1. a b] c\n')).toMatchObject({ line: 2, column: 7 })
    expect(errorOf('# I. T\n1. a [b\n  c] d]\n')).toMatchObject({ line: 3, column: 7 })
  })

  it('a clause before any section', () => {
    expect(errorOf('% title: x\n1. a\n')).toMatchObject({
      line: 2,
      column: 1,
      message: expect.stringContaining('before any section'),
    })
  })

  it('unknown numbering', () => {
    expect(errorOf('# I. T\n1. a\n  (1) b\n')).toMatchObject({
      line: 3,
      column: 3,
      message: expect.stringContaining("unknown numbering '(1)'"),
    })
    expect(errorOf('# I. T\n1) a\n')).toMatchObject({ line: 2, message: expect.stringContaining('unknown numbering') })
    expect(errorOf('# I. T\n1. a\n(vx) b\n')).toMatchObject({ line: 3 })
  })

  it('duplicate numbers and sections', () => {
    expect(errorOf('# I. T\n1. a\n1. b\n')).toMatchObject({
      line: 3,
      message: 'I.1 is numbered twice (first on line 2)',
    })
    expect(errorOf('# I. T\n# I. U\n')).toMatchObject({ line: 2 })
  })

  it('formats as FILE:LINE:COL: message', () => {
    expect(formatNotationError('x.txt', { line: 2, column: 6, message: 'm' })).toBe('x.txt:2:6: m')
  })
})

describe('serializeNotation', () => {
  it('writes computed numbers, indentation, attributes and metadata', () => {
    const written = serializeNotation(
      docWithMeta(
        { title: 'T' },
        section(
          'I',
          'One',
          p('a ', g('x', opt('y', { by: 'Chile' }))),
          sub('b'),
          subsub('c', { id: 'k1' }),
          p('d', { label: '1bis', status: 'adref' }),
        ),
        section('II', 'Two', chapeau('Intro'), p('e'), chapeau('1. looks numbered')),
      ),
    )
    expect(written).toBe(
      [
        '% title: T',
        '',
        '# I. One',
        '1. a [x][y]{by="Chile"}',
        '  (a) b',
        '    (i) c {#k1}',
        '1bis. d {.adref}',
        '',
        '# II. Two',
        'Intro',
        '1. e',
        '',
        '\\1. looks numbered',
        '',
      ].join('\n'),
    )
  })

  it('round-trips the sample readings', () => {
    for (const name of ['sample-reading-1.txt', 'sample-reading-2.txt']) {
      const parsed = parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8'))
      const again = parse(serializeNotation(parsed))
      expect(again.eq(parsed)).toBe(true)
      expect(serializeNotation(again)).toBe(serializeNotation(parsed))
    }
  })
})
