import { describe, expect, it } from 'vitest'
import { readingHistory } from '../../../shared/diff/history'
import { diffReadings } from '../../../shared/diff/index'
import { renderDiffHtml } from '../../../shared/diff/render-html'
import { renderDiffText } from '../../../shared/diff/render-text'
import { parseText } from '../../builders/notation'

// Issue 11, point 5: brackets spanning paragraphs in the comparison (SPEC.md D16).

const text = (...clauses: string[]) => parseText(`# I. Scope\n${clauses.join('\n')}\n`)
const plain = ['1. States shall report.', '2. The Group shall meet:', '  (a) annually;', '  (b) in Geneva.', '3. End.']
const spanned = [
  '1. States shall report.',
  '[2. The Group shall meet:',
  '  (a) annually;',
  '  (b) in Geneva.]',
  '3. End.',
]

describe('brackets spanning paragraphs (D16)', () => {
  it('D16: a span resolved is reported once, its clauses kept, and tagged brackets where it opened and closed', () => {
    const diff = diffReadings(text(...spanned), text(...plain))
    expect(diff.spans).toEqual([{ kind: 'resolved', old: { from: 'I.2', to: 'I.2(b)', clauses: 3 } }])
    const changed = diff.changes.filter((c) => c.type !== 'unchanged')
    expect(changed.map((c) => [c.new?.key, c.type, c.tags])).toEqual([
      ['I.2', 'modified', ['brackets']],
      ['I.2(b)', 'modified', ['brackets']],
    ])
    expect(diff.summary.brackets).toEqual({ old: 1, new: 0 })
  })

  it('D16: a span added over existing clauses, and the modal verbs inside it are no modal change', () => {
    const diff = diffReadings(text(...plain), text(...spanned))
    expect(diff.spans).toEqual([{ kind: 'added', new: { from: 'I.2', to: 'I.2(b)', clauses: 3 } }])
    expect(diff.changes.find((c) => c.new?.key === 'I.2')?.tags).toEqual(['brackets'])
    expect(diff.summary.brackets).toEqual({ old: 0, new: 1 })
  })

  it('D16: a span dropped with all its clauses', () => {
    const diff = diffReadings(text(...spanned), text('1. States shall report.', '2. End.'))
    expect(diff.spans).toEqual([{ kind: 'dropped', old: { from: 'I.2', to: 'I.2(b)', clauses: 3 } }])
    expect(diff.changes.filter((c) => c.type === 'deleted')).toHaveLength(3)
  })

  it('D16: a span widened to one more clause changed; a span that stays, renumbered, is not reported', () => {
    const widened = [
      '1. States shall report.',
      '[2. The Group shall meet:',
      '  (a) annually;',
      '  (b) in Geneva.',
      '3. End.]',
    ]
    expect(diffReadings(text(...spanned), text(...widened)).spans).toEqual([
      {
        kind: 'changed',
        old: { from: 'I.2', to: 'I.2(b)', clauses: 3 },
        new: { from: 'I.2', to: 'I.3', clauses: 4 },
      },
    ])
    const renumbered = diffReadings(
      text(...spanned),
      text(
        '1. A new first paragraph.',
        '2. States shall report.',
        '[3. The Group shall meet:',
        '  (a) annually;',
        '  (b) in Geneva.]',
        '4. End.',
      ),
    )
    expect(renumbered.spans).toEqual([])
    expect(renumbered.changes.find((c) => c.old?.key === 'I.2')).toMatchObject({ type: 'unchanged', renumbered: true })
  })

  it('D16: nested spans each keep their identity; the inner one resolved', () => {
    const nested = text('[[1. One;', '2. Two.]', '3. Three.]')
    const inner = text('[1. One;', '2. Two.', '3. Three.]')
    expect(diffReadings(nested, inner).spans).toEqual([
      { kind: 'resolved', old: { from: 'I.1', to: 'I.2', clauses: 2 } },
    ])
  })

  it('D14/D16: the burn-down counts a span as one bracket pair until it is resolved', () => {
    const history = readingHistory([
      { name: 'First', doc: text(...spanned) },
      { name: 'Second', doc: text(...spanned.map((c) => c.replace('annually', '[annually][every two years]'))) },
      { name: 'Third', doc: text(...plain) },
    ])
    expect(history.burnDown.total).toEqual([1, 3, 0])
    const life = history.clauses.find((c) => c.key === 'I.2')
    expect(life?.states.map((s) => s?.brackets)).toEqual([1, 1, 0])
  })

  it('D16: the text and HTML comparisons list what happened to each span', () => {
    const diff = diffReadings(text(...spanned), text(...plain))
    const line = '[I.2 … I.2(b)] (3 paragraphs) resolved: the paragraphs stay, the brackets went'
    expect(renderDiffText(diff, { colour: false })).toContain(`Brackets across paragraphs\n  ${line}\n`)
    expect(renderDiffHtml(diff)).toContain(`<h2>Brackets across paragraphs</h2><ul><li>${line}</li></ul>`)
    expect(renderDiffText(diff, { colour: false })).toContain('{--[--}The Group')
  })
})
