// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { Position } from '../../../shared/positions/position'
import { matrixAsOf, positionsUpTo, type ReadingMark } from '../../../shared/positions/as-of'
import { MatrixView } from '../../../client/views/matrix'
import { Notices } from '../../../client/views/notices'
import { renderPosition } from '../../../client/views/position-list'
import type { ReadingSummary } from '../../../shared/protocol/wire'
import { doc, g, p, section } from '../../builders'
import { position as austria } from '../../builders/positions'

/** An opposing position, as the matrix rows below need. */
const position = (id: string, extra: Partial<Position>): Position => austria({ id, stance: 'oppose', ...extra })

const first: ReadingMark = { id: 'r1', name: 'First reading', createdAt: '2025-03-04T00:00:00.000Z' }
const second: ReadingMark = { id: 'r2', name: 'Second reading', createdAt: '2025-03-06T00:00:00.000Z' }
const positions = [
  position('before-r1', {}),
  position('on-r1-later', { state: 'Brazil', reading: 'r1', createdAt: '2025-03-05T00:00:00.000Z' }),
  position('live-after-r1', { state: 'Chile', createdAt: '2025-03-05T00:00:00.000Z' }),
  position('on-r2', { state: 'China', reading: 'r2', createdAt: '2025-03-07T00:00:00.000Z' }),
]

describe('the positions matrix as of a reading', () => {
  it('keeps the positions recorded up to the reading: on it or an earlier one, or on the live text before it', () => {
    expect(positionsUpTo(positions, [first, second], first).map((x) => x.id)).toEqual(['before-r1', 'on-r1-later'])
    expect(positionsUpTo(positions, [first, second], second).map((x) => x.id)).toEqual([
      'before-r1',
      'on-r1-later',
      'live-after-r1',
      'on-r2',
    ])
  })

  it("marks positions against that reading's clause text and names the reading they were recorded on", () => {
    const text = doc(section('I', 'T', p('States ', g('shall', 'should'), ' act promptly.', { id: 'c1' })))
    const asOf = matrixAsOf(text, positions, [first, second], second)
    expect(asOf.clauses).toEqual([{ id: 'c1', key: 'I.1', section: 'I', text: 'States [shall][should] act promptly.' }])
    expect(asOf.positions.find((x) => x.id === 'on-r1-later')?.note).toBe(
      'recorded on First reading; the clause had changed by Second reading',
    )
    expect(asOf.positions.find((x) => x.id === 'before-r1')?.note).toBe(
      'recorded on the live text; the clause had changed by Second reading',
    )
  })

  it('the view picks a reading, loads its matrix, says so, and goes back to the live text', async () => {
    const text = doc(section('I', 'T', p('States ', g('shall', 'should'), ' act promptly.', { id: 'c1' })))
    const asked: string[] = []
    const view = new MatrixView(() => {}, {
      load: async (reading) => {
        asked.push(reading)
        return matrixAsOf(text, positions, [first, second], reading === 'r1' ? first : second)
      },
      notices: new Notices(),
    })
    const summary = (r: ReadingMark): ReadingSummary => ({
      id: r.id,
      name: r.name,
      date: r.createdAt.slice(0, 10),
      createdAt: r.createdAt,
      createdBy: { role: 'chair', state: null, name: 'Chair' },
      brackets: { pairs: 1, groups: 1 },
      note: '',
    })
    view.setReadings([summary(first), summary(second)])
    view.update([{ id: 'c1', key: 'I.1', section: 'I', text: 'Live text.' }], [positions[0]])
    const cells = () => [...view.element.querySelectorAll('td.rt-cell')].map((td) => td.getAttribute('aria-label'))
    expect(cells()).toEqual(['Austria on I.1: Opposes (recorded on the live text; the clause has changed since)'])
    const select = view.element.querySelector<HTMLSelectElement>('select[aria-label="As of"]')
    if (!select) throw new Error('no reading picker')
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'the live text',
      'First reading (2025-03-04)',
      'Second reading (2025-03-06)',
    ])
    select.value = 'r2'
    select.dispatchEvent(new Event('change'))
    await expect
      .poll(() => view.element.querySelector('.rt-note')?.textContent)
      .toBe('As of Second reading: the clauses as that reading has them, and the positions recorded up to it.')
    expect(asked).toEqual(['r2'])
    expect(cells()).toHaveLength(4)
    expect(cells()).toContainEqual(
      'Brazil on I.1: Opposes (recorded on First reading; the clause had changed by Second reading)',
    )
    select.value = ''
    select.dispatchEvent(new Event('change'))
    expect(cells()).toHaveLength(1)
  })

  it("the panel's note names the reading a position was recorded on", () => {
    const item = renderPosition(positions[1], [], 'States [shall][should] act promptly.', 'First reading')
    expect(item.querySelector('.rt-pinned-note')?.textContent).toBe(
      'recorded on First reading; the clause has changed since',
    )
    expect(item.querySelector('.rt-source')?.textContent).toContain('on First reading')
  })
})
