import type { Node } from 'prosemirror-model'
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Mapping } from 'prosemirror-transform'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import { bracketDepth } from '../../shared/brackets/depth'
import {
  marksOf,
  nestsWith,
  pairSpans,
  type Span,
  type SpanMarks,
  sectionMarks,
  sectionSpans,
  spanDepths,
  spanDepthBreach,
} from '../../shared/brackets/spans'

/** Sections seen to hold spans that pair (nodes are immutable). */
const sound = new WeakSet<Node>()

/** Whether a section's span marks pair and keep within the nesting limit. */
function isSound(section: Node): boolean {
  if (sound.has(section)) return true
  const marks = sectionMarks(section)
  const clauses: Node[] = []
  section.forEach((c) => {
    if (c.type.name === 'clause') clauses.push(c)
  })
  const ok =
    !('breach' in pairSpans(marks)) &&
    spanDepths(marks).every((d, i) => !d || !spanDepthBreach(d, bracketDepth(clauses[i])))
  if (ok) sound.add(section)
  return ok
}

/** Where the clauses of a section stand: from, to (document positions). */
function clauseRanges(section: Node, sectionPos: number): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = []
  section.forEach((child, offset) => {
    if (child.type.name === 'clause')
      out.push({ from: sectionPos + 1 + offset, to: sectionPos + 1 + offset + child.nodeSize })
  })
  return out
}

/** The spans of a section after an edit broke its marks (a clause holding a
 *  `]` joined into the one before, a paste): each span of the text before
 *  the edit, its `[` and `]` mapped through it to the clauses they now stand
 *  at. Spans whose clauses are gone, or that no longer nest, are left out. */
function mappedSpans(old: EditorState, mapping: Mapping, ranges: { from: number; to: number }[]): Span[] {
  const out: Span[] = []
  let pos = 0
  old.doc.forEach((section) => {
    const clauses = clauseRanges(section, pos)
    for (const s of sectionSpans(section)) {
      const open = mapping.map(clauses[s.first].from, 1)
      const close = mapping.map(clauses[s.last].to, -1)
      const first = ranges.findIndex((r) => r.to > open)
      let last = ranges.length - 1
      while (last >= 0 && ranges[last].from >= close) last--
      if (first >= 0 && last >= first && nestsWith(out, first, last)) out.push({ first, last, depth: 0 })
    }
    pos += section.nodeSize
  })
  return out
}

/** Marks that pair: closes no open span matches, and opens never closed, go. */
function balanced(marks: readonly SpanMarks[]): SpanMarks[] {
  const out = marks.map((m) => ({ ...m }))
  const open: number[] = []
  out.forEach((m, i) => {
    for (let k = 0; k < m.spanOpen; k++) open.push(i)
    const closes = Math.min(m.spanClose, open.length)
    open.splice(open.length - closes, closes)
    m.spanClose = closes
  })
  for (const i of open) out[i].spanOpen--
  return out
}

/** Keeps brackets spanning paragraphs paired after any change, so the
 *  server's structure check never refuses one: a local edit that broke a
 *  section's marks gets them back from the text before it, mapped through
 *  the edit (a `]` on a clause joined into the one before moves onto the
 *  joined clause); a change from Yjs (a colleague's edit merged with ours)
 *  keeps the marks that still pair. A span still too deep is dropped. */
function repair(transactions: readonly Transaction[], old: EditorState, state: EditorState): Transaction | null {
  const fromYjs = transactions.some((tr) => tr.getMeta(ySyncPluginKey)?.isChangeOrigin)
  const mapping = new Mapping()
  for (const tr of transactions) mapping.appendMapping(tr.mapping)
  const tr = state.tr
  let pos = 0
  state.doc.forEach((section) => {
    if (!isSound(section)) {
      const ranges = clauseRanges(section, pos)
      const marks = fromYjs
        ? balanced(sectionMarks(section))
        : marksOf(mappedSpans(old, mapping, ranges), ranges.length)
      const depths = spanDepths(marks)
      let i = 0
      section.forEach((clause, offset) => {
        if (clause.type.name !== 'clause') return
        // A clause still nested too deep loses the spans that open at it.
        const m = spanDepthBreach(depths[i], bracketDepth(clause)) ? { ...marks[i], spanOpen: 0 } : marks[i]
        for (const name of ['spanOpen', 'spanClose'] as const)
          if (clause.attrs[name] !== m[name]) tr.setNodeAttribute(pos + 1 + offset, name, m[name])
        i++
      })
    }
    pos += section.nodeSize
  })
  return tr.docChanged ? tr : null
}

/** Sections seen to hold no span: most of them, skipped on every keystroke. */
const unspanned = new WeakSet<Node>()

/** Widgets showing the brackets where spans open and close, and a bar down
 *  every clause a span holds (deeper spans, a thicker bar). */
function spanDecorations(doc: Node): DecorationSet {
  const decorations: Decoration[] = []
  let pos = 0
  doc.forEach((section) => {
    if (unspanned.has(section)) {
      pos += section.nodeSize
      return
    }
    const marks = sectionMarks(section)
    if (marks.every((m) => !m.spanOpen && !m.spanClose)) unspanned.add(section)
    const depths = spanDepths(marks)
    clauseRanges(section, pos).forEach((range, i) => {
      if (!depths[i]) return
      decorations.push(
        Decoration.node(range.from, range.to, {
          class: 'rt-in-span',
          'data-span-depth': String(Math.min(depths[i], 4)),
        }),
      )
      if (marks[i].spanOpen)
        decorations.push(Decoration.widget(range.from + 1, bracketWidget('[', marks[i].spanOpen), { side: -1 }))
      if (marks[i].spanClose)
        decorations.push(Decoration.widget(range.to - 1, bracketWidget(']', marks[i].spanClose), { side: 1 }))
    })
    pos += section.nodeSize
  })
  return DecorationSet.create(doc, decorations)
}

/** A bracket (or several) drawn into the text, not part of it. */
const bracketWidget = (bracket: '[' | ']', count: number) => () => {
  const el = document.createElement('span')
  el.className = `rt-span-bracket rt-span-${bracket === '[' ? 'open' : 'close'}`
  el.textContent = bracket.repeat(count)
  el.setAttribute(
    'aria-label',
    bracket === '[' ? 'brackets across paragraphs open' : 'brackets across paragraphs close',
  )
  el.contentEditable = 'false'
  return el
}

const spansKey = new PluginKey<DecorationSet>('rt-spans')

/** Brackets spanning paragraphs in the editor: shown, and kept paired. The
 *  repair runs only where the user may edit (a reader's change would be
 *  refused and leave the local copy diverged). */
export function spansPlugin(isEditable: () => boolean): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: spansKey,
    state: {
      init: (_, state) => spanDecorations(state.doc),
      apply: (tr, previous) => (tr.docChanged ? spanDecorations(tr.doc) : previous),
    },
    props: { decorations: (state) => spansKey.getState(state) ?? DecorationSet.empty },
    appendTransaction(transactions, old, state) {
      if (!isEditable() || !transactions.some((tr) => tr.docChanged)) return null
      const tr = repair(transactions, old, state)
      return tr ? tr.setMeta('addToHistory', false).setMeta('rt-repair', true) : null
    },
  })
}
