import { Plugin, PluginKey } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import type { Node } from 'prosemirror-model'
import { numberSection } from '../../shared/schema/numbering'

interface NumberingState {
  /** Each clause's id, level, label and computed display, in order: when this
   *  does not change, neither do the numbers, and the decorations are mapped. */
  signature: string
  decorations: DecorationSet
}

const numberingKey = new PluginKey<NumberingState>('numbering')

/** The signature of a document's numbering: ids, levels and given labels of
 *  every clause, and where sections start. Cheap: it reads attributes only,
 *  and only of sections an edit replaced (the others are cached by node). */
function signatureOf(doc: Node): string {
  const parts: string[] = []
  doc.forEach((section) => {
    parts.push(sectionSignature(section))
  })
  return parts.join('|')
}

const sectionSignatures = new WeakMap<Node, string>()

function sectionSignature(section: Node): string {
  const known = sectionSignatures.get(section)
  if (known !== undefined) return known
  const parts = [`§${section.attrs.numeral}`]
  section.forEach((child) => {
    if (child.type.name === 'clause') parts.push(`${child.attrs.id}:${child.attrs.level}:${child.attrs.label ?? ''}`)
  })
  const signature = parts.join('|')
  sectionSignatures.set(section, signature)
  return signature
}

/** Node decorations that show each section's numeral and each clause's computed number (`1.`, `(a)`,
 *  `(i)`) and its key (`II.4(c)`), and let the browser pick the text direction
 *  per clause, so Arabic clauses run right to left. */
export function numberDecorations(doc: Node): DecorationSet {
  const decorations: Decoration[] = []
  doc.forEach((section, sectionOffset) => {
    const numbers = numberSection(section)
    const numeral = section.attrs.numeral as string
    let i = 0
    section.forEach((child, offset) => {
      if (child.type.name === 'section_title') {
        decorations.push(
          Decoration.node(sectionOffset + 1 + offset, sectionOffset + 1 + offset + child.nodeSize, {
            'data-numeral': numeral,
            dir: 'auto',
          }),
        )
      }
      if (child.type.name !== 'clause') return
      const { display, number } = numbers[i++]
      const from = sectionOffset + 1 + offset
      decorations.push(
        Decoration.node(from, from + child.nodeSize, {
          'data-number': display,
          'data-key': `${numeral}.${number}`,
          dir: 'auto',
        }),
      )
    })
  })
  return DecorationSet.create(doc, decorations)
}

/** Numbers are never typed: they are computed when shown and follow every
 *  added, removed or re-levelled clause. */
export function numberingPlugin(): Plugin<NumberingState> {
  return new Plugin<NumberingState>({
    key: numberingKey,
    state: {
      init: (_, state) => ({ signature: signatureOf(state.doc), decorations: numberDecorations(state.doc) }),
      apply(tr, previous) {
        if (!tr.docChanged) return previous
        const signature = signatureOf(tr.doc)
        // Remote changes and undo arrive from Yjs as one replacement of the
        // whole document, which mapping would wipe out: rebuild for those.
        const fromYjs = tr.getMeta(ySyncPluginKey)?.isChangeOrigin === true
        if (signature === previous.signature && !fromYjs)
          return { signature, decorations: previous.decorations.map(tr.mapping, tr.doc) }
        return { signature, decorations: numberDecorations(tr.doc) }
      },
    },
    props: { decorations: (state) => numberingKey.getState(state)?.decorations ?? DecorationSet.empty },
  })
}
