// @vitest-environment happy-dom
import { present } from '../../../shared/present'
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseNotation } from '../../../shared/notation/parse'
import { diffReadings } from '../../../shared/diff/index'
import type { ReadingDiff } from '../../../shared/diff/types'
import { renderComparison } from '../../../client/views/compare'

const read = (name: string) => {
  const parsed = parseNotation(readFileSync(join(process.cwd(), 'tests/fixtures', name), 'utf8'))
  if (!parsed.ok) throw new Error(parsed.error.message)
  return parsed.doc
}
const diff: ReadingDiff = diffReadings(read('sample-reading-1.txt'), read('sample-reading-2.txt'))
const view = () => renderComparison(diff, { from: 'First reading', to: 'Second reading' })

describe('the comparison view', () => {
  it('shows a summary bar with counts and bracket totals per section', () => {
    const table = present(view().querySelector('.rt-summary-table'))
    const total = [...table.querySelectorAll('tfoot td')].map((td) => td.textContent)
    expect(total).toEqual(['5', '1', '1', '2', '16', '25 → 18'])
    expect(table.querySelectorAll('tbody tr')).toHaveLength(5)
  })

  it('heads each section, as the printed comparison does', () => {
    expect(
      [...view().querySelectorAll('h3.rt-change-section')].map((h) => present(h.textContent).split('.')[0]),
    ).toEqual(['I', 'II', 'III', 'IV', 'V'])
  })

  it('shows modified clauses with inline insertions and deletions', () => {
    const modified = present(view().querySelector('.rt-change.rt-modified[data-key="II.2"]'))
    expect(modified.querySelector('ins, del')).not.toBeNull()
    expect(present(modified.querySelector('.rt-badge')).textContent).toBe('Modified')
  })

  it('folds unchanged clauses, with their range in the summary line', () => {
    const folds = view().querySelectorAll('details.rt-fold')
    expect(folds.length).toBeGreaterThan(0)
    const unchanged = [...folds].reduce((n, f) => n + f.querySelectorAll('.rt-change').length, 0)
    expect(unchanged).toBe(16)
    expect(view().querySelector('.rt-changes > .rt-unchanged')).toBeNull()
  })

  it('links a moved clause to a marker where it came from, and back', () => {
    const root = view()
    const moved = present(root.querySelector('.rt-change.rt-moved[data-key="V.1"]'))
    const link = present(moved.querySelector<HTMLAnchorElement>('a.rt-moved-link'))
    expect(link.textContent).toBe('moved from V.3')
    const marker = present(root.querySelector(present(link.getAttribute('href'))))
    expect(marker.classList.contains('rt-moved-away')).toBe(true)
    expect(root.querySelector(present(present(marker.querySelector('a')).getAttribute('href')))).toBe(moved)
  })

  it('shows added and deleted clauses whole, as inserted and deleted text', () => {
    const root = view()
    expect(root.querySelector('.rt-added ins')).not.toBeNull()
    expect(root.querySelector('.rt-deleted del')).not.toBeNull()
    expect(present(root.querySelector('.rt-modified[data-key="IV.2"] .rt-change-key')).textContent).toBe('IV.3 → IV.2')
  })
})

describe('the comparison view: brackets across paragraphs (issue 11, point 5)', () => {
  it('lists each span resolved, added, dropped or changed, and nothing when there is none', () => {
    const spanned = parseNotation('# I. T\n1. One.\n[2. Two;\n3. Three.]\n')
    const plain = parseNotation('# I. T\n1. One.\n2. Two;\n3. Three.\n')
    if (!spanned.ok || !plain.ok) throw new Error('the fixtures parse')
    const shown = renderComparison(diffReadings(spanned.doc, plain.doc), { from: 'A', to: 'B' })
    expect([...shown.querySelectorAll('.rt-spans li')].map((li) => li.textContent)).toEqual([
      '[I.2 … I.3] (2 paragraphs) resolved: the paragraphs stay, the brackets went',
    ])
    expect(view().querySelector('.rt-spans')).toBeNull()
  })
})
