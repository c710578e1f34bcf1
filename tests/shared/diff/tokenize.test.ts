import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { segmentWords, tokenize } from '../../../shared/diff/tokenize'

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' })
const bySegmenter = (text: string) =>
  Array.from(segmenter.segment(text), (s) => `${s.segment}${s.isWordLike ? '*' : ''}`)
const byUs = (text: string) => segmentWords(text).map((s) => `${s.segment}${s.kind === 'word' ? '*' : ''}`)

/** Characters of treaty texts in scripts that separate words with spaces. */
const spaced = [
  ...'aeiostnrAEST01239',
  ...'éèçñüÅØß',
  ...'абвгдРос',
  ...'المادةلدو',
  ...'αβγ',
  ...' .,;:\'’-_/§()“”"¿?!–—…%&*+=<>@#$',
  ' ',
  ' ',
  '\u00a0',
]

describe('tokenize (D6)', () => {
  it('splits words, spaces, punctuation, brackets and attributions; joining the tokens gives the text', () => {
    const text = 'States [shall][should]{by="A b"} \\[x\\] ensure, e.g. it’s 3.5'
    const tokens = tokenize(text)
    expect(tokens.map((t) => t.text).join('')).toBe(text)
    expect(tokens.filter((t) => t.kind === 'bracket').map((t) => `${t.text}${t.depth}`)).toEqual([
      '[1',
      ']1',
      '[1',
      ']1',
    ])
    expect(tokens.find((t) => t.kind === 'attr')?.text).toBe('{by="A b"}')
    expect(tokens.filter((t) => t.kind === 'word').map((t) => t.text)).toEqual([
      'States',
      'shall',
      'should',
      'x',
      'ensure',
      'e.g',
      'it’s',
      '3.5',
    ])
  })

  it('gives Chinese and Japanese word-sized tokens', () => {
    expect(
      tokenize('各国应确保操作员')
        .filter((t) => t.kind === 'word')
        .map((t) => t.text),
    ).toEqual(['各国', '应', '确保', '操作', '员'])
    expect(tokenize('国家は確保する').filter((t) => t.kind === 'word').length).toBeGreaterThan(2)
  })

  it('finds the same words as Intl.Segmenter in scripts written with spaces (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...spaced), maxLength: 40 }), (text) => {
        expect(byUs(text)).toEqual(bySegmenter(text))
      }),
      { numRuns: 2000 },
    )
  })

  it('finds the same words as Intl.Segmenter in plain ASCII text (fast-check)', () => {
    const ascii = [...'aeiostnrAEST01239 .,;:\'-_/()"?!%&*+=<>@#$~`|^', ' ', ' ']
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ascii), maxLength: 40 }), (text) => {
        expect(byUs(text)).toEqual(bySegmenter(text))
      }),
      { numRuns: 2000 },
    )
  })
})
