import { present } from '../../../shared/present'
import { describe, expect, it } from 'vitest'
import { TextSelection } from 'prosemirror-state'
import { doc, section, p, sub, g } from '../../builders'
import {
  clauseIndex,
  findClause,
  guardTitleJoin,
  readableNotation,
  splitClause,
  toggleAdRef,
} from '../../../client/editor/clauses'
import { clauses, posOf, run, stateAt } from '../helpers'

const sample = () =>
  doc(
    section('I', 'Title', p('States shall act.', { id: 'c-1' }), sub('first;', { id: 'c-2' })),
    section('II', 'Other', p('a ', g('must', 'should'), ' b', { id: 'c-3', status: 'adref' })),
  )

describe('Enter (splitClause)', () => {
  it('starts a new clause at the cursor with a fresh id, the same level, open', () => {
    const d = sample()
    const { ok, state } = run(stateAt(d, posOf(d, ' act.')), splitClause)
    expect(ok).toBe(true)
    const [first, second] = clauses(state.doc)
    expect(first).toEqual({ level: 1, id: 'c-1', status: 'open', text: 'States shall' })
    expect(second.text).toBe(' act.')
    expect(second.level).toBe(1)
    expect(second.id).toMatch(/^c-[0-9a-z]{10}$/)
  })

  it('does not copy agreed ad ref to the new clause', () => {
    const d = sample()
    const { state } = run(stateAt(d, posOf(d, ' b')), splitClause)
    expect(
      clauses(state.doc)
        .slice(-2)
        .map((c) => c.status),
    ).toEqual(['adref', 'open'])
  })

  it('splits a bracket group across the two clauses when the cursor is inside it', () => {
    const d = sample()
    const { ok, state } = run(stateAt(d, posOf(d, 'ust')), splitClause)
    expect(ok).toBe(true)
    expect(
      clauses(state.doc)
        .slice(-2)
        .map((c) => c.text),
    ).toEqual(['a [m]', '[ust][should] b'])
  })

  it('from a section title moves to the first clause, creating one in an empty section', () => {
    const d = doc(section('I', 'Title'), section('II', 'T2', p('x', { id: 'c-9' })))
    const { state } = run(stateAt(d, 3), splitClause)
    expect(clauses(state.doc).map((c) => c.text)).toEqual(['', 'x'])
    expect(state.selection.$from.parent.type.name).toBe('clause')
    const second = run(stateAt(d, posOf(d, 'T2')), splitClause).state
    expect(clauses(second.doc)).toHaveLength(1)
    expect(second.selection.$from.parent.textContent).toBe('x')
  })
})

describe('toggleAdRef', () => {
  it('marks the selected clauses agreed, and opens them when all already are', () => {
    const d = sample()
    const marked = run(stateAt(d, posOf(d, 'States'), posOf(d, 'first')), toggleAdRef).state
    expect(clauses(marked.doc).map((c) => c.status)).toEqual(['adref', 'adref', 'adref'])
    const opened = run(marked, toggleAdRef).state
    expect(clauses(opened.doc).map((c) => c.status)).toEqual(['open', 'open', 'adref'])
  })
})

describe('Backspace at the start of a section (guardTitleJoin)', () => {
  it('keeps a clause with text out of the title', () => {
    const d = sample()
    const { ok, state } = run(stateAt(d, posOf(d, 'States')), guardTitleJoin)
    expect(ok).toBe(true)
    expect(state.doc.eq(d)).toBe(true)
  })

  it('removes an empty first clause and leaves the cursor in the title', () => {
    const d = doc(section('I', 'Title', p('', { id: 'x' }), p('next', { id: 'y' })))
    const clauseStart = present(d.firstChild).child(0).nodeSize + 2
    const { state } = run(stateAt(d, clauseStart), guardTitleJoin)
    expect(clauses(state.doc).map((c) => c.text)).toEqual(['next'])
    expect(state.selection.$from.parent.type.name).toBe('section_title')
  })

  it('leaves other positions to the usual Backspace', () => {
    const d = sample()
    expect(run(stateAt(d, posOf(d, 'first')), guardTitleJoin).ok).toBe(false)
  })
})

describe('clauseIndex and findClause', () => {
  it('lists every clause with its key and notation text', () => {
    expect(clauseIndex(sample()).map((c) => [c.key, c.id, c.text])).toEqual([
      ['I.1', 'c-1', 'States shall act.'],
      ['I.1(a)', 'c-2', 'first;'],
      ['II.1', 'c-3', 'a [must][should] b'],
    ])
  })

  it('finds a clause by id and the position points at it', () => {
    const d = sample()
    const found = present(findClause(d, 'c-3'))
    expect(present(d.nodeAt(found.pos)).attrs.id).toBe('c-3')
    expect(findClause(d, 'nope')).toBeNull()
    expect(TextSelection.near(d.resolve(found.pos + 1)).$from.parent.attrs.id).toBe('c-3')
  })
})

describe('readableNotation', () => {
  it('keeps brackets and leaves attributions out', () => {
    expect(readableNotation('States [shall][must]{by="Austria"} act.')).toBe('States [shall][must] act.')
  })
})
