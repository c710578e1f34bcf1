import { describe, expect, it } from 'vitest'
import { diffReadings } from '../../../shared/diff/index'
import { compilationRows, renderCompilationHtml } from '../../../shared/diff/compilation'
import { reading } from '../../builders/notation'

const before = reading(
  '# I. T',
  '1. Zero.',
  '2. States shall act.',
  '3. Les Etats agissent.',
  '4. Parties [shall][should] report.',
)
const after = reading(
  '# I. T',
  '1. States shall act.',
  '2. Les États agissent.',
  '3. Parties should report.',
  '4. New.',
)

describe('compilation table (D15)', () => {
  const diff = diffReadings(before, after)

  it('D15: one row per changed or renumbered clause, old | new | what changed', () => {
    const rows = compilationRows(diff)
    expect(rows.map((r) => `${r.change.type} ${r.change.old?.key ?? '-'}>${r.change.new?.key ?? '-'}`)).toEqual([
      'deleted I.1>-',
      'unchanged I.2>I.1',
      'modified I.3>I.2',
      'modified I.4>I.3',
      'added ->I.4',
    ])
    const resolved = rows[3]
    expect(resolved.old.map((e) => e.op)).not.toContain('insert')
    expect(resolved.new.map((e) => e.op)).not.toContain('delete')
    expect(resolved.notes).toEqual(['modified · I.4 → I.3 · brackets, modal', '[shall][should] resolved to “should”'])
    expect(rows[1].notes).toEqual(['renumbered I.2 → I.1'])
  })

  it('D15: filters leave out editorial-only and renumbering-only changes', () => {
    const types = (omit: ('editorial' | 'renumbered')[]) =>
      compilationRows(diff, omit).map((r) => r.change.old?.key ?? r.change.new?.key)
    expect(types(['editorial'])).toEqual(['I.1', 'I.2', 'I.4', 'I.4'])
    expect(types(['renumbered'])).toEqual(['I.1', 'I.3', 'I.4', 'I.4'])
    expect(types(['editorial', 'renumbered'])).toEqual(['I.1', 'I.4', 'I.4'])
  })

  it('D15: the HTML page is a three-column table with the changes marked', () => {
    const html = renderCompilationHtml(diff, { oldName: 'R1', newName: 'R2', omit: ['editorial'] })
    expect(html).toContain('<th scope="col">R1</th><th scope="col">R2</th><th scope="col">What changed</th>')
    expect(html).toContain('Leaves out editorial-only changes.')
    expect(html.match(/<tr class=/g)).toHaveLength(4)
    expect(html).toContain('<del>')
    expect(html).toContain('<ins>New.</ins>')
  })
})
