import { describe, expect, it } from 'vitest'
import { present } from '../../../shared/present'
import { anchoredPlace, anchorOf, occurrenceAt, targetPlaces } from '../../../shared/positions/anchor'
import { doc, g, p, section } from '../../builders'

const clauseOf = (...content: Parameters<typeof p>) =>
  present(doc(section('I', 'T', p(...content))).firstChild).child(1)
const clause = clauseOf('States shall act and shall report, ', g('shall', 'should'), ' then.', { id: 'c' })

describe("a proposal's anchor: where its words stood when it was made", () => {
  it('lists every place reading as the target, a group that reads so as one place', () => {
    expect(targetPlaces(clause, 'shall')).toEqual([
      { kind: 'span', from: 7, to: 12 },
      { kind: 'span', from: 21, to: 26 },
      { kind: 'group', offset: 35 },
    ])
    expect(targetPlaces(clause, 'report')).toHaveLength(1)
    expect(targetPlaces(clause, 'never said')).toEqual([])
  })

  it('keeps the place meant while the clause reads as it did', () => {
    const anchor = present(anchorOf(clause, 'shall', 1))
    expect(anchor).toEqual({ clauseText: 'States shall act and shall report, [shall][should] then.', occurrence: 1 })
    expect(anchoredPlace(clause, 'shall', anchor)).toEqual({ kind: 'span', from: 21, to: 26 })
    expect(anchorOf(clause, 'shall', 3)).toBeNull()
    expect(anchorOf(clause, 'absent')).toBeNull()
  })

  it('after a change, goes only where the words stand once; otherwise the chair chooses', () => {
    const anchor = present(anchorOf(clause, 'shall', 1))
    const edited = clauseOf('States shall act and shall report promptly, ', g('shall', 'should'), '.', { id: 'c' })
    expect(anchoredPlace(edited, 'shall', anchor)).toBeNull()
    const once = clauseOf('States must act and shall report.', { id: 'c' })
    expect(anchoredPlace(once, 'shall', anchor)).toEqual({ kind: 'span', from: 20, to: 25 })
    expect(anchoredPlace(clauseOf('States act.', { id: 'c' }), 'shall', anchor)).toBeNull()
    // Made before anchors were kept: the first place.
    expect(anchoredPlace(clause, 'shall', undefined)).toEqual({ kind: 'span', from: 7, to: 12 })
  })

  it('tells which place the selection is on', () => {
    expect(occurrenceAt(clause, 'shall', 21)).toBe(1)
    expect(occurrenceAt(clause, 'shall', 38)).toBe(2)
    expect(occurrenceAt(clause, 'shall', 0)).toBe(0)
  })
})
