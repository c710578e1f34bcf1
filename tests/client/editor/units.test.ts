import { describe, expect, it } from 'vitest'
import { doc, section, p, sub, subsub } from '../../builders'
import { deleteUnits, moveUnit, shiftUnits } from '../../../client/editor/units'
import { orphans, repairedLevels } from '../../../shared/schema/units'
import { clauses, posOf, run, stateAt } from '../helpers'
import { reading } from '../../builders/notation'
import { serializeNotation } from '../../../shared/notation/serialize'

/** II.4 "… is able to:" with its (a)–(b), between two paragraphs. */
const outline = () =>
  doc(
    section('I', 'T', p('one', { id: 'p1' }), p('two', { id: 'p2' }), sub('two-a', { id: 'p2a' })),
    section(
      'II',
      'U',
      p('three', { id: 'p3' }),
      p('four', { id: 'p4' }),
      sub('four-a', { id: 'p4a' }),
      subsub('four-a-i', { id: 'p4ai' }),
      sub('four-b', { id: 'p4b' }),
      p('five', { id: 'p5' }),
    ),
  )

const order = (d: ReturnType<typeof outline>) => clauses(d).map((c) => `${c.level}:${c.text}`)

describe('moveUnit (Alt-Up / Alt-Down)', () => {
  it('moves a paragraph with its sub-paragraphs past the paragraph above', () => {
    const d = outline()
    const { state } = run(stateAt(d, posOf(d, 'four') + 2), moveUnit(-1))
    expect(order(state.doc).slice(3)).toEqual(['1:four', '2:four-a', '3:four-a-i', '2:four-b', '1:three', '1:five'])
    expect(state.selection.$from.parent.attrs.id).toBe('p4')
    expect(state.selection.$from.parentOffset).toBe(2)
  })

  it('moves a paragraph with its sub-paragraphs past the whole unit below', () => {
    const d = outline()
    const { state } = run(stateAt(d, posOf(d, 'three')), moveUnit(1))
    expect(order(state.doc).slice(3)).toEqual(['1:four', '2:four-a', '3:four-a-i', '2:four-b', '1:three', '1:five'])
  })

  it('moves a sub-paragraph with its own among its siblings, and into the neighbouring paragraph at an edge', () => {
    const d = outline()
    const down = run(stateAt(d, posOf(d, 'four-a') + 1), moveUnit(1)).state
    expect(order(down.doc).slice(4, 8)).toEqual(['1:four', '2:four-b', '2:four-a', '3:four-a-i'])
    const up = run(stateAt(d, posOf(d, 'four-a') + 1), moveUnit(-1)).state
    expect(order(up.doc).slice(3, 8)).toEqual(['1:three', '2:four-a', '3:four-a-i', '1:four', '2:four-b'])
    expect(
      orphans(
        up.doc
          .child(1)
          .content.content.slice(1)
          .map((c) => c.attrs.level),
      ),
    ).toEqual([])
  })

  it('crosses sections with a paragraph, never with a sub-paragraph', () => {
    const d = outline()
    const para = run(stateAt(d, posOf(d, 'three')), moveUnit(-1)).state
    expect(order(para.doc).slice(0, 4)).toEqual(['1:one', '1:two', '2:two-a', '1:three'])
    const subAtEnd = run(stateAt(d, posOf(d, 'two-a')), moveUnit(1))
    expect(subAtEnd.ok).toBe(true)
    expect(order(subAtEnd.state.doc)).toEqual(order(d))
  })
})

describe('shiftUnits (Tab / Shift-Tab)', () => {
  it('carries sub-paragraphs: (a) to a paragraph takes its (i) along as (a)', () => {
    const d = outline()
    const { state } = run(stateAt(d, posOf(d, 'four-a') + 1), shiftUnits(-1))
    expect(order(state.doc).slice(4, 8)).toEqual(['1:four', '1:four-a', '2:four-a-i', '2:four-b'])
    expect(orphans(clauses(state.doc).map((c) => c.level as 0 | 1 | 2 | 3))).toEqual([])
  })

  it('refuses a first paragraph becoming (a), and a sub-paragraph deeper than (i)', () => {
    const d = outline()
    expect(order(run(stateAt(d, posOf(d, 'one')), shiftUnits(1)).state.doc)).toEqual(order(d))
    expect(order(run(stateAt(d, posOf(d, 'four-a') + 1), shiftUnits(1)).state.doc)).toEqual(order(d))
  })

  it('indents a paragraph with its sub-paragraphs, and a chapeau only changes its own level', () => {
    const d = outline()
    const { state } = run(stateAt(d, posOf(d, 'four') + 1), shiftUnits(-1))
    expect(order(state.doc).slice(4, 6)).toEqual(['0:four', '2:four-a'])
    const five = run(stateAt(d, posOf(d, 'five')), shiftUnits(1)).state
    expect(order(five.doc).slice(-1)).toEqual(['2:five'])
  })

  it('does nothing in a section title', () => {
    expect(run(stateAt(outline(), 3), shiftUnits(1)).ok).toBe(false)
  })
})

describe('deleteUnits', () => {
  it('removes whole selected paragraphs with their sub-paragraphs', () => {
    const d = outline()
    const from = posOf(d, 'four')
    const to = posOf(d, 'four-a') + 1
    const state = stateAt(d, from, to)
    const { ok, state: after } = run(state, deleteUnits)
    expect(ok).toBe(false)
    const whole = stateAt(d, from, posOf(d, 'four-a') + 'four-a'.length)
    expect(order(run(whole, deleteUnits).state.doc).slice(3)).toEqual(['1:three', '2:four-b', '1:five'])
    const toNext = stateAt(d, from, posOf(d, 'five'))
    expect(order(run(toNext, deleteUnits).state.doc).slice(3)).toEqual(['1:three', '1:five'])
    expect(after).toBe(state)
  })

  it('leaves a selection inside one clause to the usual delete', () => {
    const d = outline()
    expect(run(stateAt(d, posOf(d, 'four'), posOf(d, 'four') + 4), deleteUnits).ok).toBe(false)
  })
})

describe('repairedLevels', () => {
  it('gives every orphan a parent, keeping siblings siblings', () => {
    expect(repairedLevels([1, 3, 3, 2])).toEqual([1, 2, 2, 2])
    expect(repairedLevels([2, 3, 2, 1])).toEqual([1, 2, 1, 1])
    expect(repairedLevels([0, 2, 3, 1])).toEqual([0, 2, 3, 1])
    expect(repairedLevels([3])).toEqual([1])
    // A run deeper at its start than after it, as dropping bracketed
    // paragraphs can leave: `(i)` then `(b)` with their paragraph gone.
    expect(repairedLevels([3, 2, 1])).toEqual([1, 1, 1])
    expect(orphans(repairedLevels([1, 3, 2, 3, 2]))).toEqual([])
  })
})

describe('the notation keeps units', () => {
  it('writes a moved unit back in order', () => {
    const d = reading('# I. T', '1. a', '2. b', '  (a) b-a', '    (i) b-a-i')
    const state = stateAt(d, posOf(d, 'b') + 1)
    const moved = run(state, moveUnit(-1)).state
    expect(serializeNotation(moved.doc)).toContain('1. b\n  (a) b-a\n    (i) b-a-i\n2. a')
  })
})
