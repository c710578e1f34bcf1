import { present } from '../../../shared/present'
import { describe, expect, it } from 'vitest'
import { clausesNeedingIds, newClauseId, withClauseIds } from '../../../shared/schema/ids'
import { doc, section, p } from '../../builders'

describe('clause ids', () => {
  it('are fresh and well formed', () => {
    const ids = new Set(Array.from({ length: 1000 }, newClauseId))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(id).toMatch(/^c-[0-9a-z]{10}$/)
  })

  it('finds missing ids and repeats after the first', () => {
    const d = doc(
      section('I', 'T', p('a', { id: 'x' }), p('b', { id: 'x' }), p('c')),
      section('II', 'U', p('d', { id: 'y' })),
    )
    expect(clausesNeedingIds(d).map((pos) => present(d.nodeAt(pos)).textContent)).toEqual(['b', 'c'])
  })

  it('gives every clause that needs one a fresh id, and leaves the others alone', () => {
    const d = doc(section('I', 'T', p('a', { id: 'x' }), p('b', { id: 'x' }), p('c')))
    let n = 0
    const fixed = withClauseIds(d, () => `new-${++n}`)
    const ids: unknown[] = []
    fixed.descendants((node) => {
      if (node.type.name === 'clause') ids.push(node.attrs.id)
    })
    expect(ids).toEqual(['x', 'new-1', 'new-2'])
    const whole = doc(section('I', 'T', p('a', { id: 'x' })))
    expect(withClauseIds(whole)).toBe(whole)
  })
})
