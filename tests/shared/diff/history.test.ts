import { describe, expect, it } from 'vitest'
import { readingHistory } from '../../../shared/diff/history'
import { burnDownSvg } from '../../../shared/diff/burndown-svg'
import { renderHistoryHtml, renderHistoryText } from '../../../shared/diff/render-history'
import { fixture, reading } from '../../builders/notation'

const readings = [1, 2, 3, 4].map((k) => ({ name: `R${k}`, doc: fixture(`history/reading-${k}.txt`) }))

describe('the life of a clause across readings (D14)', () => {
  const history = readingHistory(readings)
  const life = (key: string) => {
    const found = history.clauses.filter((c) => c.key === key)
    expect(found).toHaveLength(1)
    return found[0]
  }

  it('D14: follows a clause through brackets resolved, a rewording, agreement and renumbering', () => {
    const c = life('III.2')
    expect(c.states.map((s) => s?.key ?? null)).toEqual(['II.2', 'II.2', 'II.2', 'III.2'])
    expect(c.states.map((s) => s?.brackets)).toEqual([2, 0, 0, 0])
    expect(c.states.map((s) => s?.status)).toEqual(['open', 'open', 'open', 'adref'])
    expect(c.steps.map((s) => [s.reading, s.type, s.tags])).toEqual([
      [1, 'modified', ['brackets', 'modal']],
      [2, 'modified', ['substantive']],
      [3, 'modified', ['status']],
    ])
    expect(c.steps[0].brackets).toEqual([{ kind: 'resolved', group: '[shall][should]', kept: 'shall' }])
    expect(c.steps[2]).toMatchObject({ from: 'II.2', to: 'III.2', status: { old: 'open', new: 'adref' } })
  })

  it('D14: a clause appears, then moves across sections; a placeholder is deleted, not turned into it', () => {
    const moved = history.clauses.filter((c) => c.states[1]?.text.startsWith('States shall ensure'))
    expect(moved).toHaveLength(1)
    expect(moved[0].steps.map((s) => [s.reading, s.type, s.from, s.to])).toEqual([
      [1, 'appeared', null, 'II.3'],
      [3, 'moved', 'II.3', 'II.3'],
    ])
    const placeholder = history.clauses.find((c) => c.states[0]?.text === '[Placeholder]')
    expect(placeholder?.steps.map((s) => s.type)).toEqual(['deleted'])
    expect(placeholder?.states.slice(1)).toEqual([null, null, null])
  })

  it('D14: every clause of every reading belongs to exactly one life', () => {
    for (let k = 0; k < readings.length; k++) {
      const keys = history.clauses.flatMap((c) => (c.states[k] ? [c.states[k]?.key] : []))
      let count = 0
      readings[k].doc.descendants((n) => {
        if (n.type.name === 'clause') count++
        return n.type.name !== 'clause'
      })
      expect(keys).toHaveLength(count)
      expect(new Set(keys).size).toBe(count)
    }
  })

  it('D14: the burn-down counts bracket pairs per section per reading, sections followed when renumbered', () => {
    expect(history.burnDown.total).toEqual([6, 2, 0, 0])
    expect(history.burnDown.sections.map((s) => [s.numeral, s.title, s.counts])).toEqual([
      ['I', 'General principles', [null, null, null, 0]],
      ['II', 'Characterization', [3, 2, 0, 0]],
      ['III', 'Application of international humanitarian law', [3, 0, 0, 0]],
    ])
  })

  it('D14: the text, HTML and SVG show it', () => {
    const text = renderHistoryText(history, { clause: 'III.2' })
    expect(text).toContain('R2: modified (brackets, modal)')
    expect(text).toContain('brackets: [shall][should] resolved to “shall”')
    expect(text).toContain('R4: renumbered II.2 → III.2, agreed ad referendum')
    expect(text).not.toContain('\nII.1\n')
    const svg = burnDownSvg(history)
    expect(svg.match(/<path /g)).toHaveLength(4)
    expect(svg).toContain('R1: 6, R2: 2, R3: 0, R4: 0')
    const html = renderHistoryHtml(history)
    expect(html).toContain('<svg')
    expect(html).toContain('<td>6</td><td>2</td><td>0</td><td>0</td>')
  })

  it('D14: one reading is a history with no changes', () => {
    const one = readingHistory([{ name: 'only', doc: reading('# I. T', '1. [a] b.') }])
    expect(one.clauses.map((c) => [c.key, c.steps.length])).toEqual([['I.1', 0]])
    expect(one.burnDown).toEqual({ sections: [{ numeral: 'I', title: 'T', counts: [1] }], total: [1] })
  })
})
