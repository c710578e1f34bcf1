import { describe, expect, it } from 'vitest'
import { doc, section, p, sub } from '../../builders'
import { keepNumbers, renumber, deletedText } from '../../../client/editor/renumber'
import { splitClause } from '../../../client/editor/clauses'
import { deleteUnits } from '../../../client/editor/units'
import { numberSection, nextInsertedLabel } from '../../../shared/schema/numbering'
import { serializeNotation } from '../../../shared/notation/serialize'
import { posOf, run, stateAt } from '../helpers'

const numbers = (d: ReturnType<typeof doc>, section = 0) => numberSection(d.child(section)).map((n) => n.display)

const text = () =>
  doc(
    section(
      'I',
      'T',
      p('one', { id: 'a' }),
      p('two', { id: 'b' }),
      sub('two-a', { id: 'c' }),
      p('three', { id: 'd' }),
      p('four', { id: 'e' }),
    ),
  )

describe('numbers kept between readings', () => {
  it('an inserted paragraph becomes 3bis, then 3ter; the kept numbers stay put', () => {
    const kept = run(stateAt(text(), 1), keepNumbers).state
    const once = run(stateAt(kept.doc, posOf(kept.doc, 'two-a', 5)), splitClause).state
    // The new clause is a sub-paragraph; make a paragraph after II.2's unit instead.
    const para = run(stateAt(kept.doc, posOf(kept.doc, 'three', 5)), splitClause).state
    expect(numbers(para.doc)).toEqual(['1.', '2.', '(a)', '3.', '3bis.', '4.'])
    const twice = run(stateAt(para.doc, posOf(para.doc, 'three', 5)), splitClause).state
    expect(numbers(twice.doc)).toEqual(['1.', '2.', '(a)', '3.', '3bis.', '3ter.', '4.'])
    expect(numbers(once.doc)).toEqual(['1.', '2.', '(a)', '(b)', '3.', '4.'])
    expect(serializeNotation(twice.doc)).toContain('3bis. ')
  })

  it('a deleted paragraph leaves [Deleted] under its number; renumber cleans up', () => {
    const kept = run(stateAt(text(), 1), keepNumbers).state
    const from = posOf(kept.doc, 'two')
    const deleted = run(stateAt(kept.doc, from, posOf(kept.doc, 'three')), deleteUnits).state
    expect(numbers(deleted.doc)).toEqual(['1.', '2.', '3.', '4.'])
    expect(deleted.doc.child(0).child(2).textContent).toBe(deletedText)
    const clean = run(deleted, renumber).state
    expect(numbers(clean.doc)).toEqual(['1.', '2.', '3.'])
    expect(clean.doc.child(0).textContent).not.toContain(deletedText)
  })

  it('without kept numbers, an insertion is numbered from position', () => {
    const d = text()
    const split = run(stateAt(d, posOf(d, 'three', 5)), splitClause).state
    expect(numbers(split.doc)).toEqual(['1.', '2.', '(a)', '3.', '4.', '5.'])
  })

  it('names inserted paragraphs bis to decies', () => {
    expect(nextInsertedLabel('4')).toBe('4bis')
    expect(nextInsertedLabel('4bis')).toBe('4ter')
    expect(nextInsertedLabel('4 quater')).toBe('4quinquies')
    expect(nextInsertedLabel('4decies')).toBeNull()
  })
})
