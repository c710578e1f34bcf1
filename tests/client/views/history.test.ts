// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseNotation } from '../../../shared/notation/parse'
import { readingHistory } from '../../../shared/diff/history'
import { renderBurnDown, renderHistory, renderTimeline } from '../../../client/views/history'
import { renderComparison } from '../../../client/views/compare'
import { diffReadings } from '../../../shared/diff/index'

const read = (k: number) => {
  const parsed = parseNotation(readFileSync(join(process.cwd(), `tests/fixtures/history/reading-${k}.txt`), 'utf8'))
  if (!parsed.ok) throw new Error(parsed.error.message)
  return { name: `R${k}`, doc: parsed.doc }
}
const history = readingHistory([1, 2, 3, 4].map(read))

describe('the Readings view across all readings (D14)', () => {
  it('D14: the burn-down is an SVG chart with a table of the same counts', () => {
    const figure = renderBurnDown(history)
    expect(figure.querySelector('svg')).not.toBeNull()
    expect(figure.querySelectorAll('svg path')).toHaveLength(4)
    const total = [...figure.querySelectorAll('tfoot td')].map((td) => td.textContent)
    expect(total).toEqual(['6', '2', '0', '0'])
  })

  it('D14: picking a clause shows its timeline: brackets resolved, reworded, agreed ad referendum', () => {
    const view = renderHistory(history)
    const pick = view.querySelector('select') as HTMLSelectElement
    const options = [...pick.options].map((o) => o.textContent ?? '')
    const k = options.findIndex((o) => o.startsWith('III.2'))
    pick.value = pick.options[k].value
    pick.dispatchEvent(new Event('change'))
    const steps = [...view.querySelectorAll('.rt-timeline > li')].map((li) => li.textContent ?? '')
    expect(steps[0]).toMatch(/^R1 II\.2 \(open\): The principles/)
    expect(steps[1]).toMatch(/^R2 modified \(brackets, modal\)/)
    expect(steps[1]).toContain('[shall][should] resolved to “shall”')
    expect(steps[3]).toMatch(/^R4 renumbered II\.2 → III\.2, agreed ad referendum/)
  })

  it('D14: a clause that appeared and moved shows both', () => {
    const life = history.clauses.find((c) => c.states[1]?.text.startsWith('States shall ensure'))
    if (!life) throw new Error('no such clause')
    const steps = [...renderTimeline(history, life).querySelectorAll('li')].map((li) => li.textContent)
    expect(steps).toEqual([expect.stringMatching(/^R2 appeared/), expect.stringMatching(/^R4 moved II\.3 → II\.3/)])
  })

  it('D13/D11: the compare view shows a status change and the Renumbered table', () => {
    const diff = diffReadings(read(2).doc, read(4).doc)
    const view = renderComparison(diff, { from: 'R2', to: 'R4' })
    expect([...view.querySelectorAll('.rt-status-change')].map((s) => s.textContent)).toContain('agreed ad referendum')
    expect(view.querySelector('.rt-numbering-table')).not.toBeNull()
    expect(view.textContent).toContain('(was I)')
  })
})
