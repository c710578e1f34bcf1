import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { contestedness, validatePositionInput, validateProposalInput } from '../../../shared/positions/position'

describe('validatePositionInput', () => {
  it('accepts the sample positions', () => {
    const sample = JSON.parse(readFileSync(new URL('../../fixtures/sample-positions.json', import.meta.url), 'utf8'))
    for (const p of sample.positions) {
      const result = validatePositionInput({
        clauseId: p.clause,
        target: p.target,
        stance: p.stance,
        comment: p.comment,
      })
      expect(result.ok).toBe(true)
    }
  })

  it('names each bad field', () => {
    const result = validatePositionInput({ clauseId: '', stance: 'maybe', comment: 7 })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors.map((e) => e.field).sort()).toEqual(['clauseId', 'comment', 'stance'])
    expect(validatePositionInput([1]).ok).toBe(false)
    expect(validatePositionInput({ clauseId: 'c', stance: 'support', comment: 'x'.repeat(4001) }).ok).toBe(false)
  })

  it('requires wording in a proposal', () => {
    expect(validateProposalInput({ clauseId: 'c', text: '  ' }).ok).toBe(false)
    expect(validateProposalInput({ clauseId: 'c', text: 'should' })).toMatchObject({
      ok: true,
      value: { text: 'should', target: null },
    })
  })
})

describe('contestedness', () => {
  it('ranks split clauses above one-sided ones, and zero when nobody objects', () => {
    const split = contestedness([
      { stance: 'support' },
      { stance: 'support' },
      { stance: 'oppose' },
      { stance: 'reservation' },
    ])
    const opposed = contestedness([{ stance: 'oppose' }, { stance: 'oppose' }])
    expect(split).toBeGreaterThan(opposed)
    expect(contestedness([{ stance: 'support' }, { stance: 'neutral' }])).toBe(0)
  })
})
