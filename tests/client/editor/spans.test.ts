import { joinBackward } from 'prosemirror-commands'
import { type EditorState, TextSelection, type Transaction } from 'prosemirror-state'
import { describe, expect, it } from 'vitest'
import { splitClause } from '../../../client/editor/clauses'
import { spansPlugin } from '../../../client/editor/spans'
import { countBrackets } from '../../../shared/brackets/groups'
import { acceptSpan, bracketParagraphs, dropSpan } from '../../../shared/brackets/span-commands'
import { serializeNotation } from '../../../shared/notation/serialize'
import { maxBracketDepth } from '../../../shared/schema/rules'
import { parseText } from '../../builders/notation'
import { posOf, run, stateAt } from '../helpers'

// Issue 11, point 5: brackets spanning paragraphs in the editor.

const text = (...clauses: string[]) => `# I. Scope\n${clauses.join('\n')}\n`
/** The text in the notation, without the ids new clauses get and the space a split leaves. */
const shown = (state: EditorState) =>
  serializeNotation(state.doc)
    .replace(/ \{#c-[a-z0-9]+\}/g, '')
    .replace(/ +$/gm, '')
const plugins = [spansPlugin(() => true)]

/** A state over the notation with the selection from the start of `from` to the start of `to`. */
function selecting(notation: string, from: string, to = from) {
  const doc = parseText(notation)
  return stateAt(doc, posOf(doc, from), posOf(doc, to), plugins)
}

/** Applies a command as the editor does: with the plugins' appended transactions. */
function edit(state: EditorState, command: (s: EditorState, d: (tr: Transaction) => void) => boolean) {
  let next = state
  const ok = command(state, (tr) => {
    next = next.applyTransaction(tr).state
  })
  return { ok, state: next }
}

const base = ['1. One.', '2. Two:', '  (a) first;', '  (b) second.', '3. Three.']

describe('brackets spanning paragraphs in the editor', () => {
  it('brackets the paragraphs a selection touches, counted as one pair', () => {
    const { ok, state } = run(selecting(text(...base), 'Two', 'second'), bracketParagraphs)
    expect(ok).toBe(true)
    expect(shown(state)).toBe(text('1. One.', '[2. Two:', '  (a) first;', '  (b) second.]', '3. Three.'))
    expect(countBrackets(state.doc).pairs).toBe(1)
    // One paragraph alone can be bracketed whole, too.
    expect(shown(run(selecting(text(...base), 'Three'), bracketParagraphs).state)).toContain('[3. Three.]')
  })

  it('refuses a span that would cross another one, or nest past the limit', () => {
    const spanned = text('1. One.', '[2. Two:', '  (a) first;', '  (b) second.]', '3. Three.')
    expect(run(selecting(spanned, 'first', 'Three'), bracketParagraphs).ok).toBe(false)
    expect(run(selecting(spanned, 'first', 'second'), bracketParagraphs).ok).toBe(true)
    const deep = text(`${'['.repeat(maxBracketDepth)}1. One.${']'.repeat(maxBracketDepth)}`, '2. Two.')
    expect(run(selecting(deep, 'One'), bracketParagraphs).ok).toBe(false)
    expect(run(selecting(deep, 'Two'), bracketParagraphs).ok).toBe(true)
  })

  it('accepting keeps the paragraphs without the brackets; dropping deletes them', () => {
    const spanned = text('1. One.', '[[2. Two:', '  (a) first;]', '  (b) second.]', '3. Three.')
    // The cursor in (a): the inner span is the one accepted or dropped.
    const accepted = run(selecting(spanned, 'first'), acceptSpan).state
    expect(shown(accepted)).toBe(text('1. One.', '[2. Two:', '  (a) first;', '  (b) second.]', '3. Three.'))
    const dropped = run(selecting(spanned, 'first'), dropSpan).state
    expect(shown(dropped)).toBe(text('1. One.', '[(a) second.]', '2. Three.').replace('[(a)', '  [(a)'))
    // In (b), only the outer one holds the cursor: dropping it takes the inner one too.
    expect(shown(run(selecting(spanned, 'second'), dropSpan).state)).toBe(text('1. One.', '2. Three.'))
    expect(run(selecting(spanned, 'Three'), acceptSpan).ok).toBe(false)
  })

  it('Enter inside the last paragraph keeps the text after the cursor in the brackets; at its end, outside', () => {
    const spanned = text('[1. One.', '2. Two words.]')
    const doc = parseText(spanned)
    const middle = edit(stateAt(doc, posOf(doc, 'words'), posOf(doc, 'words'), plugins), splitClause).state
    expect(shown(middle)).toBe(text('[1. One.', '2. Two', '3. words.]'))
    const end = edit(stateAt(doc, posOf(doc, 'words.', 6), posOf(doc, 'words.', 6), plugins), splitClause).state
    expect(shown(end)).toBe(text('[1. One.', '2. Two words.]', '3.'))
    const start = edit(stateAt(doc, posOf(doc, 'One'), posOf(doc, 'One'), plugins), splitClause).state
    expect(shown(start)).toBe(text('1.', '[2. One.', '3. Two words.]'))
  })

  it('joining the last paragraph into the one before moves its ] onto the joined paragraph', () => {
    const spanned = text('1. Zero.', '[2. One.', '3. Two.]', '4. Three.')
    const doc = parseText(spanned)
    const joined = edit(stateAt(doc, posOf(doc, 'Two'), posOf(doc, 'Two'), plugins), joinBackward).state
    expect(shown(joined)).toBe(text('1. Zero.', '[2. One.Two.]', '3. Three.'))
    // Deleting across the first paragraph's start keeps the [ on what remains.
    const cut = stateAt(doc, posOf(doc, 'Zero', 2), posOf(doc, 'One', 1), plugins)
    const next = cut.applyTransaction(cut.tr.deleteSelection()).state
    expect(shown(next)).toBe(text('[1. Zene.', '2. Two.]', '3. Three.'))
  })

  it('a change that leaves marks unpaired is mended so the server never refuses it', () => {
    const doc = parseText(text('[1. One.', '2. Two.]', '3. Three.'))
    const state = stateAt(doc, posOf(doc, 'One'), posOf(doc, 'One'), plugins)
    // A paste or a colleague's edit could bring a lone ] (here set directly).
    let pos = -1
    state.doc.descendants((node, at) => {
      if (node.type.name === 'clause' && node.textContent === 'Three.') pos = at
      return node.type.name !== 'clause'
    })
    const next = state.applyTransaction(state.tr.setNodeAttribute(pos, 'spanClose', 1)).state
    expect(shown(next)).toBe(text('[1. One.', '2. Two.]', '3. Three.'))
    expect(next.selection).toBeInstanceOf(TextSelection)
  })
})
