import { present } from '../../../shared/present'
import { describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import { doc, section, p, g } from '../../builders'
import { groupsOf, insertProposal, placeProposal, selectedOccurrence } from '../../../client/editor/proposals'
import { clauses, run } from '../helpers'

const d = doc(
  section(
    'I',
    'T',
    p('States ', g('shall', 'should'), ' ensure control.', { id: 'c-1' }),
    p('Other text.', { id: 'c-2' }),
  ),
)
const insert = (clauseId: string, target: string | null, text = 'must') =>
  run(EditorState.create({ doc: d }), insertProposal({ clauseId, target, text, state: 'Austria' }))

describe('inserting a proposal as an alternative', () => {
  it('joins an existing group whose option reads as the target', () => {
    const { ok, state } = insert('c-1', 'should')
    expect(ok).toBe(true)
    expect(clauses(state.doc)[0].text).toBe('States [shall][should][must]{by="Austria"} ensure control.')
  })

  it('brackets the target span and adds the proposal after it', () => {
    expect(clauses(insert('c-1', 'control', 'oversight').state.doc)[0].text).toBe(
      'States [shall][should] ensure [control][oversight]{by="Austria"}.',
    )
  })

  it('brackets the whole clause when the proposal is for all of it', () => {
    expect(clauses(insert('c-2', null, 'New text.').state.doc)[1].text).toBe('[Other text.][New text.]{by="Austria"}')
  })

  it('never falls back silently when its words are gone: the chair chooses the place', () => {
    expect(insert('c-2', 'vanished', 'New text.').ok).toBe(false)
    const [group] = groupsOf(d, 1 + present(d.firstChild).child(0).nodeSize)
    expect(group.options).toEqual(['shall', 'should'])
    const chosen = run(
      EditorState.create({ doc: d }),
      insertProposal(
        { clauseId: 'c-1', target: 'vanished', text: 'must', state: 'Austria' },
        { kind: 'group', groupPos: group.groupPos },
      ),
    )
    expect(clauses(chosen.state.doc)[0].text).toBe('States [shall][should][must]{by="Austria"} ensure control.')
  })

  it('goes where its words stood when it was made, not to the first place that reads so', () => {
    const twice = doc(section('I', 'T', p('States shall act and shall report.', { id: 'c-1' })))
    const state = EditorState.create({ doc: twice })
    const clausePos = present(twice.firstChild).child(0).nodeSize + 1
    const selected = selectedOccurrence(twice, clausePos, 'shall', clausePos + 1 + 23)
    expect(selected).toBe(1)
    const anchor = { clauseText: 'States shall act and shall report.', occurrence: selected }
    const proposal = { clauseId: 'c-1', target: 'shall', text: 'will', state: 'Chile', anchor }
    expect(clauses(run(state, insertProposal(proposal)).state.doc)[0].text).toBe(
      'States shall act and [shall][will]{by="Chile"} report.',
    )
    // Edited since, the words standing twice: no guess, the chair chooses.
    const edited = doc(section('I', 'T', p('States shall act now and shall report.', { id: 'c-1' })))
    expect(run(EditorState.create({ doc: edited }), insertProposal(proposal)).ok).toBe(false)
  })

  it('fails when the clause is no longer in the text', () => {
    expect(insert('c-9', null).ok).toBe(false)
  })

  it('places nothing outside the clause', () => {
    const placement = placeProposal(d, present(d.firstChild).child(0).nodeSize + 1, 'Other')
    expect(placement).toBeNull()
  })
})
