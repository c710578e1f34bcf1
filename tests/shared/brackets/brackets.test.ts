import { present } from '../../../shared/present'
import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { EditorState, TextSelection, type Command } from 'prosemirror-state'
import { countBrackets, bracketReport, findGroups } from '../../../shared/brackets/groups'
import {
  wrapInBrackets,
  addAlternative,
  acceptOption,
  dropGroup,
  dropOption,
  insertAlternative,
} from '../../../shared/brackets/commands'
import { serializeInline } from '../../../shared/notation/inline'
import { doc, section, p, sub, g, opt } from '../../builders'

/** Runs a command on `d` with the selection [from, to) and returns whether it
 *  applied, the first clause in the notation, and the new document. */
function run(
  d: Node,
  command: Command,
  select?: { from: number; to: number },
): { ok: boolean; text: string; doc: Node } {
  let state = EditorState.create({ doc: d })
  if (select) state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, select.from, select.to)))
  let next = state
  const ok = command(state, (tr) => {
    next = state.apply(tr)
  })
  return { ok, text: serializeInline(present(next.doc.firstChild).child(1).content), doc: next.doc }
}

/** The document position at offset `index` of the first clause's content, in a
 *  section titled "T": section open, title open, "T", title close, clause open. */
const at = (index: number) => 5 + index

describe('countBrackets (each [...] pair counts one; nested pairs each count)', () => {
  it('counts pairs and groups', () => {
    const d = doc(section('I', 'T', p('a ', g('shall', 'should'), ' ', g(['on ', g('x', 'y'), ' day']))))
    expect(countBrackets(d)).toEqual({ pairs: 5, groups: 3 })
  })

  it('reports per section and clause', () => {
    const d = doc(section('I', 'T', p(g('a')), sub(g('b', 'c'))), section('II', 'U', p('none')))
    const report = bracketReport(d)
    expect(report.total.pairs).toBe(3)
    expect(report.sections.map((s) => s.count.pairs)).toEqual([3, 0])
    expect(report.sections[0].clauses.map((c) => [c.number, c.count.pairs])).toEqual([
      ['1', 1],
      ['1(a)', 2],
    ])
  })

  it('finds groups with their depth and options', () => {
    const d = doc(section('I', 'T', p('a ', g(['x ', g('y', 'z')], 'w'), { id: 'k' })))
    expect(findGroups(d).map((gr) => [gr.depth, gr.clauseId, gr.options])).toEqual([
      [0, 'k', ['x [y][z]', 'w']],
      [1, 'k', ['y', 'z']],
    ])
  })
})

describe('bracket commands', () => {
  const plain = doc(section('I', 'T', p('States shall act')))

  it('wraps the selection, leaving out white space at its ends', () => {
    expect(run(plain, wrapInBrackets, { from: at(6), to: at(13) }).text).toBe('States [shall] act')
  })

  it('refuses an empty selection or one across clauses', () => {
    expect(run(plain, wrapInBrackets, { from: at(3), to: at(3) }).ok).toBe(false)
    const two = doc(section('I', 'T', p('ab'), p('cd')))
    expect(run(two, wrapInBrackets, { from: at(1), to: at(6) }).ok).toBe(false)
  })

  it('wrapping next to a group adds an alternative to it', () => {
    const d = doc(section('I', 'T', p('a ', g('x'), 'y b')))
    // 'a ' (2) + group [x] (size 5) → 'y' starts at at(2) + 5
    expect(run(d, wrapInBrackets, { from: at(7), to: at(8) }).text).toBe('a [x][y] b')
  })

  it('adds an alternative inside a group, or brackets the selection and adds one', () => {
    const d = doc(section('I', 'T', p('a ', g('shall'), ' b')))
    expect(run(d, addAlternative, { from: at(4), to: at(4) }).text).toBe('a [shall][] b')
    expect(run(plain, addAlternative, { from: at(7), to: at(12) }).text).toBe('States [shall][] act')
    expect(run(plain, addAlternative, { from: at(3), to: at(3) }).ok).toBe(false)
  })

  it('accepts an option: its text replaces the group, brackets gone', () => {
    const d = doc(section('I', 'T', p('States ', g('shall', 'should'), ' act')))
    expect(run(d, acceptOption(at(7), 1)).text).toBe('States should act')
    expect(run(d, acceptOption(at(7), 2)).ok).toBe(false)
    expect(run(d, acceptOption(at(1), 0)).ok).toBe(false)
  })

  it('accepting keeps nested groups inside the accepted option', () => {
    const d = doc(section('I', 'T', p('x ', g(['on the ', g('30th', '90th'), ' day'], 'never'))))
    const result = run(d, acceptOption(at(2), 0))
    expect(result.text).toBe('x on the [30th][90th] day')
    expect(countBrackets(result.doc).pairs).toBe(2)
  })

  it('drops a group, or one option of it', () => {
    const d = doc(section('I', 'T', p('a ', g('lethal'), ' b ', g('x', 'y'))))
    expect(run(d, dropGroup(at(2))).text).toBe('a  b [x][y]')
    expect(run(d, dropOption(at(15), 0)).text).toBe('a [lethal] b [y]') // 'a ' + [lethal] (size 10) + ' b '
    expect(run(d, dropOption(at(2), 0)).text).toBe('a  b [x][y]')
  })

  it('inserts a proposal as an attributed alternative', () => {
    const d = doc(section('I', 'T', p('a ', g('shall'))))
    expect(run(d, insertAlternative(at(2), 'must', 'Austria')).text).toBe('a [shall][must]{by="Austria"}')
    expect(run(d, insertAlternative(at(0), 'must')).ok).toBe(false)
  })

  it('keeps attribution when an attributed option is accepted into a group', () => {
    const d = doc(section('I', 'T', p(g(opt('x', { by: 'Chile' }), 'y'))))
    expect(serializeInline(present(d.firstChild).child(1).content)).toBe('[x]{by="Chile"}[y]')
  })
})
