import { describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import { doc, section, p, g } from '../../builders'
import { diffReadings } from '../../../shared/diff/index'
import { referenceFixes, referenceFixStep, type ReferenceFix } from '../../../client/editor/reference-fix'
import { clauses, posOf } from '../helpers'

const citing = (text: string) => p('As set out in paragraph 3 above, ', g('States', 'Parties'), text, { id: 'c-1' })
/** The citing paragraph, paragraph 2, then `inserted`, then the cited paragraph "Three.". */
const textWith = (...inserted: Node[]) =>
  doc(section('I', 'T', citing(' act.'), p('Two.', { id: 'c-2' }), ...inserted, p('Three.', { id: 'c-3' })))
const before = textWith()
const insertedOne = p('Inserted.', { id: 'c-new' })
/** A paragraph inserted before the cited one: paragraph 3 is now paragraph 4. */
const after = textWith(insertedOne)

function onlyFix(from: Node, to: Node): ReferenceFix {
  const fixes = [...referenceFixes(diffReadings(from, to)).values()]
  expect(fixes).toHaveLength(1)
  const [fix] = fixes
  if (typeof fix === 'string') throw new Error(fix)
  return fix
}

const textOf = (state: EditorState, id: string) => clauses(state.doc).find((c) => c.id === id)?.text

describe('applying a corrected reference (D12)', () => {
  it('D12: writes the corrected reference where the comparison found it', () => {
    const fix = onlyFix(before, after)
    expect(fix).toMatchObject({ proposed: 'paragraph 4', clauseId: 'c-1', target: { id: 'c-3', key: 'I.4' } })
    const state = EditorState.create({ doc: after })
    const outcome = referenceFixStep(state, fix)
    if (!outcome.ok) throw new Error(outcome.message)
    expect(textOf(state.apply(outcome.tr), 'c-1')).toBe('As set out in paragraph 4 above, [States][Parties] act.')
  })

  it('still applies after an edit elsewhere in the clause, at the same occurrence', () => {
    const fix = onlyFix(before, after)
    const state = EditorState.create({ doc: after })
    const edited = state.apply(state.tr.insertText(' now', posOf(state.doc, ' act.')))
    const outcome = referenceFixStep(edited, fix)
    if (!outcome.ok) throw new Error(outcome.message)
    expect(textOf(edited.apply(outcome.tr), 'c-1')).toBe('As set out in paragraph 4 above, [States][Parties] now act.')
  })

  it('refuses, saying why, when the words there changed since the comparison', () => {
    const fix = onlyFix(before, after)
    const state = EditorState.create({ doc: after })
    const at = posOf(state.doc, 'paragraph 3', 'paragraph '.length)
    const edited = state.apply(state.tr.insertText('35', at, at + 1))
    expect(referenceFixStep(edited, fix)).toEqual({
      ok: false,
      message:
        'Not applied: the text of I.1 changed since the comparison and no longer reads “paragraph 3” there; compare again to see what it cites now.',
    })
  })

  it('refuses when the cited clause moved again, or the clause is gone', () => {
    const fix = onlyFix(before, after)
    const moved = textWith(insertedOne, p('Again.', { id: 'c-again' }))
    const again = referenceFixStep(EditorState.create({ doc: moved }), fix)
    expect(again.ok).toBe(false)
    expect(again.ok || again.message).toContain('stands at I.5 now, no longer at I.4')
    const gone = doc(section('I', 'T', p('Two.', { id: 'c-2' }), p('Three.', { id: 'c-3' })))
    const missing = referenceFixStep(EditorState.create({ doc: gone }), fix)
    expect(missing.ok || missing.message).toBe('Not applied: the clause I.1 is no longer in the text.')
  })

  it('offers no fix when the cited clause was deleted, and says so', () => {
    const deleted = doc(section('I', 'T', citing(' act.'), p('Two.', { id: 'c-2' })))
    const [reason] = [...referenceFixes(diffReadings(before, deleted)).values()]
    expect(reason).toBe('the clause it cites was deleted: edit it by hand')
  })
})
