import { describe, expect, it } from 'vitest'
import { doc, section, p, g } from '../../builders'
import { splitClause } from '../../../client/editor/clauses'
import { rejoinSplitGroups } from '../../../client/editor/bracket-edges'
import { pastedSlice } from '../../../client/editor/bracket-input'
import { typedGroup } from '../../../shared/brackets/typed'
import { countBrackets } from '../../../shared/brackets/groups'
import { clauses, posOf, run, stateAt } from '../helpers'

const texts = (d: Parameters<typeof clauses>[0]) => clauses(d).map((c) => c.text)

describe('Enter at a bracket group', () => {
  it('at the end of a fully bracketed clause starts the next clause outside the brackets', () => {
    const d = doc(section('I', 'T', p(g('States shall inform'), { id: 'c-1' })))
    const { state } = run(stateAt(d, posOf(d, 'inform', 6)), splitClause)
    expect(texts(state.doc)).toEqual(['[States shall inform]', ''])
    expect(state.selection.$from.parent.type.name).toBe('clause')
    expect(state.selection.$from.parent.attrs.id).not.toBe('c-1')
  })

  it('at the end of a nested group steps out of that group only', () => {
    const d = doc(section('I', 'T', p('a ', g(['on the ', g('30th', '90th'), ' day']), { id: 'c-1' })))
    const { state } = run(stateAt(d, posOf(d, '90th', 4)), splitClause)
    expect(texts(state.doc)).toEqual(['a [on the [30th][90th]]', '[ day]'])
  })

  it('in the middle of an option splits the group, and Backspace gives back the one option', () => {
    const d = doc(section('I', 'T', p('States shall ', g('information', 'notes'), '.', { id: 'c-1' })))
    const split = run(stateAt(d, posOf(d, 'information', 6)), splitClause).state
    expect(texts(split.doc)).toEqual(['States shall [inform]', '[ation][notes].'])
    const { ok, state } = run(split, rejoinSplitGroups)
    expect(ok).toBe(true)
    expect(texts(state.doc)).toEqual(['States shall [information][notes].'])
    expect(clauses(state.doc)[0].id).toBe('c-1')
    expect(countBrackets(state.doc)).toEqual({ pairs: 2, groups: 1 })
    expect(state.selection.from).toBe(posOf(state.doc, 'information', 6))
  })

  it('leaves Backspace alone where no group was split', () => {
    const d = doc(section('I', 'T', p('a', { id: 'c-1' }), p('b', { id: 'c-2' })))
    expect(run(stateAt(d, posOf(d, 'b')), rejoinSplitGroups).ok).toBe(false)
  })
})

describe('typed brackets', () => {
  it('a typed pair becomes a group, and a pair typed right after it its alternative', () => {
    const d = doc(section('I', 'T', p('States [and reports', { id: 'c-1' })))
    const first = typedGroup(d, posOf(d, 'reports', 7))
    expect(first?.group.childCount).toBe(1)
    expect(first?.group.textContent).toBe('and reports')
    const after = doc(section('I', 'T', p('States ', g('and reports'), '[or notes', { id: 'c-1' })))
    const second = typedGroup(after, posOf(after, 'notes', 5))
    expect(second?.group.childCount).toBe(2)
    expect(second?.from).toBe(posOf(after, 'and reports') - 2)
  })

  it('nests around groups already there, and leaves a lone ] as text', () => {
    const d = doc(section('I', 'T', p('a [on the ', g('30th', '90th'), ' day', { id: 'c-1' })))
    const typed = typedGroup(d, posOf(d, ' day', 4))
    expect(typed?.group.firstChild?.childCount).toBe(3)
    const lone = doc(section('I', 'T', p('no bracket here', { id: 'c-1' })))
    expect(typedGroup(lone, posOf(lone, 'here', 4))).toBeNull()
  })
})

describe('pasted text', () => {
  const at = () => {
    const d = doc(section('I', 'T', p('x', { id: 'c-1' })))
    return d.resolve(posOf(d, 'x'))
  }

  it('one line: its brackets become groups', () => {
    const slice = pastedSlice('[and reports][or notes]', at())
    expect(slice.content.childCount).toBe(1)
    expect(slice.content.firstChild?.type.name).toBe('bracket_group')
    expect(slice.content.firstChild?.childCount).toBe(2)
  })

  it('several lines: clauses with the levels their numbers give, labels computed', () => {
    const slice = pastedSlice('4. States [shall] act:\n(a) first;\n\n(b) [second]', at())
    expect(slice.content.childCount).toBe(3)
    const levels: number[] = []
    const labels: unknown[] = []
    slice.content.forEach((c) => {
      levels.push(c.attrs.level)
      labels.push(c.attrs.label)
    })
    expect(levels).toEqual([1, 2, 2])
    expect(labels).toEqual([null, null, null])
  })

  it('unbalanced brackets stay as text', () => {
    const slice = pastedSlice('[unclosed and more', at())
    expect(slice.content.firstChild?.isText).toBe(true)
  })
})
