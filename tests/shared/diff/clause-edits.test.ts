import { describe, expect, it } from 'vitest'
import { clauseWordChanges } from '../../../shared/diff/clause-edits'

describe('the words a clause history shows for one edit', () => {
  it('gives the insertions and deletions with a few unchanged words around them', () => {
    const before = 'States shall take all feasible measures to ensure that their forces comply with the law.'
    const after = 'States should take all feasible measures to ensure that their armed forces comply with the law.'
    expect(clauseWordChanges(before, after)).toEqual([
      { op: 'equal', text: 'States ' },
      { op: 'delete', text: 'shall' },
      { op: 'insert', text: 'should' },
      { op: 'equal', text: ' take all feasible…ensure that their' },
      { op: 'insert', text: ' armed' },
      { op: 'equal', text: ' forces comply with…' },
    ])
  })

  it('keeps brackets as written and reads as the new text once joined without the deletions', () => {
    const edits = clauseWordChanges('States [shall][should] act.', 'States [shall][should][may] act.')
    expect(edits.filter((e) => e.op !== 'equal')).toEqual([{ op: 'insert', text: '[may]' }])
    expect(edits.map((e) => (e.op === 'delete' ? '' : e.text)).join('')).toBe('States [shall][should][may] act.')
  })

  it('is empty when the words are the same', () => {
    expect(clauseWordChanges('The same.', 'The same.')).toEqual([])
  })
})
