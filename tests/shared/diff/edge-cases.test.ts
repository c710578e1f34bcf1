import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { diffReadings, type ClauseChange, type ReadingDiff } from '../../../shared/diff/index'
import { reading } from '../../builders/notation'
import { doc, section, p } from '../../builders'

/** One line per change: `type old>new`, `R` when renumbered. */
function outline(diff: ReadingDiff): string[] {
  return diff.changes.map((c) => `${c.type} ${c.old?.key ?? '-'}>${c.new?.key ?? '-'}${c.renumbered ? ' R' : ''}`)
}

const changed = (diff: ReadingDiff) => diff.changes.filter((c) => c.type !== 'unchanged')
const joined = (c: ClauseChange, side: 'old' | 'new') =>
  c.edits
    .filter((e) => e.op === 'equal' || e.op === (side === 'old' ? 'delete' : 'insert'))
    .map((e) => e.text)
    .join('')

function compare(before: Node, after: Node) {
  const diff = diffReadings(before, after)
  for (const c of diff.changes) {
    if (c.old) expect(joined(c, 'old')).toBe(c.old.text)
    if (c.new) expect(joined(c, 'new')).toBe(c.new.text)
  }
  return diff
}

const lorem = [
  'States shall ensure that the operator understands the functioning of the system.',
  'Legal reviews of new weapons shall be conducted before deployment.',
  'Training of personnel should address automation bias and its risks.',
  'Accountability cannot be transferred to machines under any circumstances.',
]

describe('diffReadings edge cases', () => {
  it('D5: a split clause is one modified clause and one added clause split from it', () => {
    const diff = compare(
      reading('# I. T', `1. ${lorem[0]} ${lorem[1]}`, `2. ${lorem[2]}`),
      reading('# I. T', `1. ${lorem[0]}`, `2. ${lorem[1]}`, `3. ${lorem[2]}`),
    )
    expect(outline(diff)).toEqual(['modified I.1>I.1', 'added ->I.2', 'unchanged I.2>I.3 R'])
    expect(diff.changes[1].splitFrom).toBe('I.1')
  })

  it('D5: two clauses merged are one modified clause and one deleted clause merged into it', () => {
    const diff = compare(
      reading('# I. T', `1. ${lorem[0]}`, `2. ${lorem[1]}`, `3. ${lorem[2]}`),
      reading('# I. T', `1. ${lorem[0]} ${lorem[1]}`, `2. ${lorem[2]}`),
    )
    expect(outline(diff)).toEqual(['modified I.1>I.1', 'deleted I.2>-', 'unchanged I.3>I.2 R'])
    expect(diff.changes[1].mergedInto).toBe('I.1')
  })

  it('D3: of two swapped clauses one is moved, the other unchanged', () => {
    const diff = compare(
      reading('# I. T', `1. ${lorem[0]}`, `2. ${lorem[1]}`, `3. ${lorem[2]}`),
      reading('# I. T', `1. ${lorem[1]}`, `2. ${lorem[0]}`, `3. ${lorem[2]}`),
    )
    expect(changed(diff)).toHaveLength(1)
    expect(changed(diff)[0].type).toBe('moved')
    expect(diff.summary).toMatchObject({ moved: 1, unchanged: 2, modified: 0 })
  })

  it('D4: renumbering alone is no change', () => {
    const diff = compare(
      reading('# I. T', `1. ${lorem[0]}`, `2. ${lorem[1]}`, `3. ${lorem[2]}`),
      reading(
        '# I. T',
        '1. A new first paragraph on an unrelated matter of procedure.',
        `2. ${lorem[0]}`,
        `3. ${lorem[1]}`,
        `4. ${lorem[2]}`,
      ),
    )
    expect(outline(diff)).toEqual(['added ->I.1', 'unchanged I.1>I.2 R', 'unchanged I.2>I.3 R', 'unchanged I.3>I.4 R'])
  })

  it('D2: white space alone is no change', () => {
    const diff = compare(
      reading('# I. T', '1. States  shall   act', '   promptly.'),
      reading('# I. T', '1. States shall act promptly.'),
    )
    expect(outline(diff)).toEqual(['unchanged I.1>I.1'])
  })

  it('D6: one changed Chinese character changes one word, not the sentence', () => {
    const diff = compare(
      reading('# I. T', '1. 各国应确保操作员能够理解系统的功能。'),
      reading('# I. T', '1. 各国须确保操作员能够理解系统的功能。'),
    )
    expect(outline(diff)).toEqual(['modified I.1>I.1'])
    const edits = diff.changes[0].edits.filter((e) => e.op !== 'equal')
    expect(edits).toEqual([
      { op: 'delete', text: '应' },
      { op: 'insert', text: '须' },
    ])
  })

  it('D8: nested brackets resolved', () => {
    const diff = compare(
      reading('# I. T', '1. States [shall [, where feasible,]] take precautions [on the [30th][90th] day].'),
      reading('# I. T', '1. States [shall, where feasible,] take precautions on the [30th][90th] day.'),
    )
    const [change] = changed(diff)
    expect(change.tags).toEqual(['brackets'])
    expect(change.brackets).toEqual([
      { kind: 'resolved', group: '[, where feasible,]', kept: ', where feasible,' },
      { kind: 'resolved', group: '[on the [30th][90th] day]', kept: 'on the [30th][90th] day' },
    ])
    expect(diff.summary.brackets).toEqual({ old: 5, new: 3 })
  })

  it('D9: an empty section is counted and harms nothing', () => {
    const diff = compare(
      reading('# I. T', `1. ${lorem[0]}`, '# II. Empty', '# III. U', `1. ${lorem[1]}`),
      reading('# I. T', `1. ${lorem[0]}`, '# II. Empty', '# III. U', `1. ${lorem[1]}`, `2. ${lorem[2]}`),
    )
    expect(outline(diff)).toEqual(['unchanged I.1>I.1', 'unchanged III.1>III.1', 'added ->III.2'])
    expect(diff.summary.sections.map((s) => [s.numeral, s.added, s.unchanged])).toEqual([
      ['I', 0, 1],
      ['II', 0, 0],
      ['III', 1, 1],
    ])
  })

  it('D3: a clause moved across sections and edited is moved, with its edits', () => {
    const diff = compare(
      reading('# I. T', `1. ${lorem[0]}`, `2. ${lorem[1]}`, '# II. U', `1. ${lorem[2]}`),
      reading('# I. T', `1. ${lorem[0]}`, '# II. U', `1. ${lorem[2]}`, `2. ${lorem[1].replace('shall', 'should')}`),
    )
    expect(outline(diff)).toEqual(['unchanged I.1>I.1', 'unchanged II.1>II.1', 'moved I.2>II.2 R'])
    expect(diff.changes[2].tags).toEqual(['substantive', 'modal'])
    expect(diff.changes[2].edits.filter((e) => e.op !== 'equal')).toEqual([
      { op: 'delete', text: 'shall' },
      { op: 'insert', text: 'should' },
    ])
  })

  it('D2: repeated texts align in order, not as a flood of moves', () => {
    const placeholders = Array.from({ length: 12 }, (_, i) => (i % 3 === 1 ? lorem[i % 4] : '[Placeholder]'))
    const numbered = (texts: string[]) => texts.map((t, i) => `${i + 1}. ${t}`)
    const diff = compare(
      reading(
        '# I. T',
        ...numbered(placeholders),
        '# II. U',
        ...numbered(['Deleted.', 'Deleted.', lorem[3], 'Deleted.']),
      ),
      reading(
        '# I. T',
        ...numbered(['[Placeholder]', ...placeholders]),
        '# II. U',
        ...numbered(['Deleted.', 'Deleted.', 'Deleted.', lorem[3], 'Deleted.']),
      ),
    )
    expect(diff.summary).toMatchObject({ added: 2, moved: 0, modified: 0, deleted: 0, unchanged: 16 })
    expect(changed(diff).map((c) => c.type)).toEqual(['added', 'added'])
  })

  it('D1: editor readings align by id, however much the text changed', () => {
    const before = doc(section('I', 'T', p('Completely original wording here', { id: 'a' }), p(lorem[1], { id: 'b' })))
    const after = doc(section('I', 'T', p(lorem[1], { id: 'b' }), p('Nothing in common at all', { id: 'a' })))
    const diff = compare(before, after)
    expect(diff.alignedBy).toBe('id')
    expect(outline(diff)).toEqual(['unchanged I.2>I.1 R', 'moved I.1>I.2 R'])
  })

  it('D5: a clause split in the editor (the new half has a new id) is split from the old one', () => {
    const before = doc(section('I', 'T', p(`${lorem[0]} ${lorem[1]}`, { id: 'a' }), p(lorem[2], { id: 'b' })))
    const after = doc(section('I', 'T', p(lorem[0], { id: 'a' }), p(lorem[1], { id: 'n' }), p(lorem[2], { id: 'b' })))
    const diff = compare(before, after)
    expect(outline(diff)).toEqual(['modified I.1>I.1', 'added ->I.2', 'unchanged I.2>I.3 R'])
    expect(diff.changes[1].splitFrom).toBe('I.1')
  })

  it('D10: never modifies its inputs and gives the same result twice', () => {
    const before = reading('# I. T', `1. ${lorem[0]}`, `2. [${lorem[1]}]`)
    const after = reading('# I. T', `1. ${lorem[1]}`, `2. ${lorem[0]}`)
    const [a, b] = [before.toJSON(), after.toJSON()]
    const first = diffReadings(before, after)
    expect(before.toJSON()).toEqual(a)
    expect(after.toJSON()).toEqual(b)
    expect(diffReadings(before, after)).toEqual(first)
  })
})
