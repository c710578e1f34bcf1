import { Schema, type Node } from 'prosemirror-model'
import { nodes } from './nodes'

/** The rolling-text schema: the whole document model. */
export const schema = new Schema({ nodes, marks: {} })

/** The five thematic sections of the GGE on LAWS rolling text, the default for
 *  a new negotiation. */
export const ggeSections: readonly { numeral: string; title: string }[] = [
  { numeral: 'I', title: 'Working characterization of lethal autonomous weapons systems' },
  { numeral: 'II', title: 'Application of international humanitarian law' },
  { numeral: 'III', title: 'Prohibitions and regulations' },
  { numeral: 'IV', title: 'Other measures to ensure compliance with international humanitarian law' },
  { numeral: 'V', title: 'Accountability and responsibility' },
]

/** Document-level metadata (`% key: value` lines in the notation). */
export type DocMeta = Record<string, string>

/** An empty document with the given sections (the GGE five by default). */
export function emptyDocument(
  sections: readonly { numeral: string; title: string }[] = ggeSections,
  meta: DocMeta = {},
): Node {
  return schema.node(
    'doc',
    { meta },
    sections.map((s) =>
      schema.node('section', { numeral: s.numeral }, [
        schema.node('section_title', null, s.title ? [schema.text(s.title)] : []),
      ]),
    ),
  )
}

/** Parses ProseMirror JSON into a checked document; throws on JSON that does
 *  not fit the schema (misuse: callers validate untrusted input first). */
export function docFromJSON(json: unknown): Node {
  const doc = schema.nodeFromJSON(json)
  doc.check()
  return doc
}
