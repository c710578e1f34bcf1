import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseNotation, formatNotationError } from '../../../shared/notation/parse'
import { serializeNotation } from '../../../shared/notation/serialize'
import { arbitraryDocument } from '../../builders/arbitrary'

const parse = (text: string) => {
  const result = parseNotation(text)
  if (!result.ok) throw new Error(`${formatNotationError('generated', result.error)}\n${text}`)
  return result.doc
}

/** Lines that look like the notation, with some noise in them. */
const notationLine = fc.oneof(
  fc.constantFrom('# I. One', '# II. Two', '% title: x', '% note', '', '1bis. a', '  (A) x'),
  fc
    .tuple(
      fc.constantFrom('1. ', '2. ', '  (a) ', '  (b) ', '    (i) ', '    (ii) ', '(c) ', ''),
      fc.string({ unit: fc.constantFrom(...'ab [][]{}\\#é中 '), maxLength: 14 }),
    )
    .map(([a, b]) => a + b),
)

describe('notation round trip (fast-check)', () => {
  it('parse(serialize(doc)) is doc, and serializing again changes nothing', () => {
    fc.assert(
      fc.property(arbitraryDocument, (doc) => {
        const text = serializeNotation(doc)
        const again = parse(text)
        expect(again.toJSON()).toEqual(doc.toJSON())
        expect(serializeNotation(again)).toBe(text)
      }),
      { numRuns: 300 },
    )
  })

  it('serialize(parse(x)) is stable for any x that parses', () => {
    fc.assert(
      fc.property(fc.array(notationLine, { maxLength: 12 }), (lines) => {
        const result = parseNotation(['# I. Start', ...lines].join('\n'))
        fc.pre(result.ok)
        if (!result.ok) return
        const once = serializeNotation(result.doc)
        expect(serializeNotation(parse(once))).toBe(once)
      }),
      { numRuns: 500 },
    )
  })
})
