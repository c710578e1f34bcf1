import { describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import { doc, section, p } from '../../builders'
import { clauseIdsPlugin } from '../../../client/editor/clause-ids'
import { clauses } from '../helpers'

describe('clause ids', () => {
  it('the plugin fixes them after any change, keeping the first holder of an id', () => {
    const d = doc(section('I', 'T', p('a', { id: 'x' }), p('b', { id: 'x' })))
    const state = EditorState.create({ doc: d, plugins: [clauseIdsPlugin(() => true)] })
    const next = state.applyTransaction(state.tr.insertText('!', 3)).state
    const ids = clauses(next.doc).map((c) => c.id)
    expect(ids[0]).toBe('x')
    expect(ids[1]).not.toBe('x')
    expect(ids[1]).toMatch(/^c-/)
  })

  it("leaves a reader's copy alone (the server would refuse the change)", () => {
    const d = doc(section('I', 'T', p('a', { id: 'x' }), p('b', { id: 'x' })))
    const state = EditorState.create({ doc: d, plugins: [clauseIdsPlugin(() => false)] })
    const next = state.applyTransaction(state.tr.insertText('!', 3)).state
    expect(clauses(next.doc).map((c) => c.id)).toEqual(['x', 'x'])
  })
})
