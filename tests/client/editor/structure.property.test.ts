import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { chainCommands, baseKeymap } from 'prosemirror-commands'
import { EditorState, TextSelection, type Command } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import { acceptOption, dropOption, wrapInBrackets, addAlternative } from '../../../shared/brackets/commands'
import { findGroups, countBrackets } from '../../../shared/brackets/groups'
import { parseNotation } from '../../../shared/notation/parse'
import { serializeNotation } from '../../../shared/notation/serialize'
import { orphans, sectionLevels } from '../../../shared/schema/units'
import { guardTitleJoin, splitClause } from '../../../client/editor/clauses'
import { deleteUnits, moveUnit, shiftUnits } from '../../../client/editor/units'
import { rejoinSplitGroups } from '../../../client/editor/bracket-edges'
import { pastedSlice } from '../../../client/editor/bracket-input'
import { structurePlugin } from '../../../client/editor/structure'
import { spansPlugin } from '../../../client/editor/spans'
import { acceptSpan, bracketParagraphs, dropSpan } from '../../../shared/brackets/span-commands'
import { pairSpans, sectionMarks } from '../../../shared/brackets/spans'
import { clauseIdsPlugin } from '../../../client/editor/clause-ids'
import { reading } from '../../builders/notation'

/** One structural command at positions picked from the current text. */
type Step = { kind: (typeof kinds)[number]; a: number; b: number }
const kinds = [
  'split',
  'join',
  'up',
  'down',
  'indent',
  'outdent',
  'bracket',
  'alternative',
  'accept',
  'drop',
  'paste',
  'delete',
  'span',
  'span-accept',
  'span-drop',
] as const

const backspace = chainCommands(deleteUnits, rejoinSplitGroups, guardTitleJoin, baseKeymap.Backspace)
const del = chainCommands(deleteUnits, baseKeymap.Delete)
const pastes = [
  '[and reports][or notes]',
  '5. States [shall] act:\n(a) first;\n  (i) [deep]',
  '(ii) orphan line',
  'plain',
]

/** Every position where a caret may stand (inside a clause or an option). */
function caretPositions(doc: Node): number[] {
  const out: number[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === 'clause' || node.type.name === 'option') {
      for (let i = 0; i <= node.content.size; i++) {
        const $p = doc.resolve(pos + 1 + i)
        if ($p.parent === node) out.push(pos + 1 + i)
      }
    }
    return true
  })
  return out
}

function commandFor(step: Step, doc: Node): { command: Command; from: number; to: number } | null {
  const carets = caretPositions(doc)
  if (!carets.length) return null
  const from = carets[step.a % carets.length]
  const to = carets[Math.min(carets.length - 1, (step.a % carets.length) + (step.b % 12))]
  const groups = findGroups(doc)
  const group = groups.length ? groups[step.b % groups.length] : null
  switch (step.kind) {
    case 'split':
      return { command: splitClause, from, to: from }
    case 'join':
      return { command: backspace, from, to: step.b % 2 ? from : to }
    case 'up':
      return { command: moveUnit(-1), from, to: from }
    case 'down':
      return { command: moveUnit(1), from, to: from }
    case 'indent':
      return { command: shiftUnits(1), from, to }
    case 'outdent':
      return { command: shiftUnits(-1), from, to }
    case 'bracket':
      return { command: wrapInBrackets, from, to }
    case 'alternative':
      return { command: addAlternative, from, to }
    case 'accept':
      return group && { command: acceptOption(group.pos, step.a % group.options.length), from, to: from }
    case 'drop':
      return group && { command: dropOption(group.pos, step.a % group.options.length), from, to: from }
    case 'paste':
      return {
        command: (state, dispatch) => {
          dispatch?.(state.tr.replaceSelection(pastedSlice(pastes[step.b % pastes.length], state.selection.$from)))
          return true
        },
        from,
        to,
      }
    case 'delete':
      return { command: del, from, to }
    case 'span':
      return { command: bracketParagraphs, from, to }
    case 'span-accept':
      return { command: acceptSpan, from, to: from }
    case 'span-drop':
      return { command: dropSpan, from, to: from }
  }
}

const start = () =>
  reading(
    '# I. T',
    '[1. States [shall][should] ensure [that the [operator][user]] is able to:',
    '  (a) understand [the functioning];',
    '    (i) in the context of use;]',
    '  (b) [intervene].',
    '2. Another [paragraph].',
    '# II. U',
    '[[1. [Fully bracketed clause.]]',
    '  (a) its sub-paragraph]',
  )

describe('structural commands in any order (fast-check; the seed is printed on failure)', () => {
  it('never leave an orphan sub-paragraph, an unbalanced bracket or a schema error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom(...kinds), a: fc.nat(), b: fc.nat() }), { maxLength: 25 }),
        (steps) => {
          let state = EditorState.create({
            doc: start(),
            plugins: [clauseIdsPlugin(() => true), structurePlugin(() => true), spansPlugin(() => true)],
          })
          for (const step of steps) {
            const planned = commandFor(step, state.doc)
            if (!planned) continue
            const selection = TextSelection.create(state.doc, planned.from, planned.to)
            state = state.apply(state.tr.setSelection(selection))
            planned.command(state, (tr) => {
              state = state.apply(tr)
            })
            state.doc.check()
            state.doc.forEach((section) => {
              expect(orphans(sectionLevels(section))).toEqual([])
              // Brackets across paragraphs stay paired, as the server requires.
              expect(pairSpans(sectionMarks(section))).toHaveProperty('spans')
            })
          }
          const text = serializeNotation(state.doc)
          const back = parseNotation(text)
          expect(back.ok).toBe(true)
          if (back.ok) expect(countBrackets(back.doc)).toEqual(countBrackets(state.doc))
        },
      ),
      { numRuns: 300 },
    )
  })
})
