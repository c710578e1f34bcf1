import { describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import { doc, section, p } from '../../builders'
import { clauseIdsPlugin, clausesNeedingIds, newClauseId } from '../../../client/editor/clause-ids'
import { clauses } from '../helpers'

describe('clause ids', () => {
  it('are fresh and well formed', () => {
    const ids = new Set(Array.from({ length: 1000 }, newClauseId))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(id).toMatch(/^c-[0-9a-z]{10}$/)
  })

  it('finds missing ids and repeats after the first', () => {
    const d = doc(section('I', 'T', p('a', { id: 'x' }), p('b', { id: 'x' }), p('c')), section('II', 'U', p('d', { id: 'y' })))
    expect(clausesNeedingIds(d).map((pos) => d.nodeAt(pos)!.textContent)).toEqual(['b', 'c'])
  })

  it('the plugin fixes them after any change, keeping the first holder of an id', () => {
    const d = doc(section('I', 'T', p('a', { id: 'x' }), p('b', { id: 'x' })))
    const state = EditorState.create({ doc: d, plugins: [clauseIdsPlugin(() => true)] })
    const next = state.applyTransaction(state.tr.insertText('!', 3)).state
    const ids = clauses(next.doc).map((c) => c.id)
    expect(ids[0]).toBe('x')
    expect(ids[1]).not.toBe('x')
    expect(ids[1]).toMatch(/^c-/)
  })

  it('leaves a reader\'s copy alone (the server would refuse the change)', () => {
    const d = doc(section('I', 'T', p('a', { id: 'x' }), p('b', { id: 'x' })))
    const state = EditorState.create({ doc: d, plugins: [clauseIdsPlugin(() => false)] })
    const next = state.applyTransaction(state.tr.insertText('!', 3)).state
    expect(clauses(next.doc).map((c) => c.id)).toEqual(['x', 'x'])
  })
})
