import { present } from '../../../shared/present'
import { describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import { doc, section, p, sub, subsub, chapeau } from '../../builders'
import { type numberDecorations, numberingPlugin } from '../../../client/editor/numbering'
import { splitClause } from '../../../client/editor/clauses'
import { posOf, run, stateAt } from '../helpers'

/** The `data-number` and `data-key` attributes the decorations put on clauses. */
function shown(state: EditorState): [string, string][] {
  const plugin = state.plugins[0]
  const set = present(plugin.props.decorations).call(plugin, state) as ReturnType<typeof numberDecorations>
  return set
    .find()
    .filter((d) => (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs['data-key'])
    .map((d) => {
      const attrs = (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs
      return [attrs['data-number'], attrs['data-key']]
    })
}

describe('numbering decorations', () => {
  it('computes 1., (a), (i) and keys per section, unnumbered chapeaux stay blank', () => {
    const d = doc(
      section(
        'I',
        'T',
        chapeau('intro', { id: 'u' }),
        p('a', { id: 'a' }),
        sub('b', { id: 'b' }),
        subsub('c', { id: 'c' }),
        sub('d', { id: 'd' }),
        p('e', { id: 'e', label: '2bis' }),
        p('f', { id: 'f' }),
      ),
      section('II', 'U', p('g', { id: 'g' })),
    )
    const state = EditorState.create({ doc: d, plugins: [numberingPlugin()] })
    expect(shown(state)).toEqual([
      ['', 'I.u1'],
      ['1.', 'I.1'],
      ['(a)', 'I.1(a)'],
      ['(i)', 'I.1(a)(i)'],
      ['(b)', 'I.1(b)'],
      ['2bis.', 'I.2bis'],
      ['3.', 'I.3'],
      ['1.', 'II.1'],
    ])
  })

  it('renumbers when Enter adds a clause, and keeps numbers through typing', () => {
    const d = doc(section('I', 'T', p('one two', { id: 'a' }), p('three', { id: 'b' })))
    let state = stateAt(d, posOf(d, ' two'), posOf(d, ' two'), [numberingPlugin()])
    state = run(state, splitClause).state
    // The fresh id is given by the ids plugin in the editor; here the split's own id counts.
    expect(shown(state).map(([n]) => n)).toEqual(['1.', '2.', '3.'])
    state = state.apply(state.tr.insertText('x', posOf(state.doc, 'three')))
    expect(shown(state).map(([n, k]) => `${n} ${k}`)).toEqual(['1. I.1', '2. I.2', '3. I.3'])
  })
})
