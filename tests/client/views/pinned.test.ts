// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { changedSince, pinnedNote } from '../../../shared/positions/pinned'
import { renderPosition } from '../../../client/views/position-list'
import { buildMatrix, renderMatrixTable } from '../../../client/views/matrix'
import { position } from '../../builders/positions'

describe('positions that know their reading', () => {
  it('a position is marked once its clause changed since it was recorded, not for white space', () => {
    expect(changedSince(position(), 'States  [shall][should] act.')).toBe(false)
    expect(changedSince(position(), 'States shall act.')).toBe(true)
    const { clauseText: _omitted, ...old } = position()
    expect(changedSince(old, 'States shall act.')).toBe(false)
    expect(pinnedNote(position({ reading: 'r2' }), 'States shall act.', 'Second reading')).toBe(
      'recorded on Second reading; the clause has changed since',
    )
  })

  it('the panel says so under the position', () => {
    expect(renderPosition(position(), [], 'States shall act.').querySelector('.rt-pinned-note')?.textContent).toBe(
      'recorded on the live text; the clause has changed since',
    )
    expect(renderPosition(position(), [], 'States [shall][should] act.').querySelector('.rt-pinned-note')).toBeNull()
  })

  it('the matrix marks the cell of a position whose clause changed since', () => {
    const clause = (text: string) => ({ id: 'c1', key: 'I.1', section: 'I', level: 1, status: 'open', text, pos: 0 })
    const table = (text: string) =>
      renderMatrixTable(
        buildMatrix([clause(text)], [position()], { section: null, state: null, includeQuiet: false }),
        () => {},
      )
    const stale = table('States shall act.').querySelector('td.rt-cell')
    expect(stale?.classList.contains('rt-cell-stale')).toBe(true)
    expect(stale?.getAttribute('title')).toContain('recorded on the live text; the clause has changed since')
    expect(table('States [shall][should] act.').querySelector('td.rt-cell')?.classList.contains('rt-cell-stale')).toBe(
      false,
    )
  })
})
