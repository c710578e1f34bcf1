import type { Node } from 'prosemirror-model'
import { prosemirrorToYXmlFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror'
import * as Y from 'yjs'
import { docFromJSON } from '../../shared/schema/schema'
import { textRoot } from '../../shared/protocol/rooms'
import { serializeInline } from '../../shared/notation/inline'
import type { ClauseTouch } from '../storage/types'

interface NodeJSON {
  type: string
  attrs?: Record<string, unknown>
  content?: NodeJSON[]
}

/** The Yjs update that creates `doc` in an empty text room. */
export function textUpdateFromDoc(doc: Node): Uint8Array {
  const ydoc = new Y.Doc()
  prosemirrorToYXmlFragment(doc, ydoc.getXmlFragment(textRoot))
  const update = Y.encodeStateAsUpdate(ydoc)
  ydoc.destroy()
  return update
}

/** A text room's first update, and the clauses it creates (with their
 *  text, as the update log records them). */
export interface TextSeed {
  update: Uint8Array
  clauses: ClauseTouch[]
}

/** The seed of a text room holding `doc` (its clauses' ids as they are). */
export function textSeed(doc: Node): TextSeed {
  const clauses: ClauseTouch[] = []
  doc.descendants((n) => {
    if (n.type.name !== 'clause') return true
    if (typeof n.attrs.id === 'string')
      clauses.push({ clauseId: n.attrs.id, kind: 'created', text: serializeInline(n.content) })
    return false
  })
  return { update: textUpdateFromDoc(doc), clauses }
}

/** The ProseMirror document a text room holds, checked against the schema.
 *  Throws when clients have written something the schema does not allow. */
export function docFromText(ydoc: Y.Doc, meta: Record<string, string> = {}): Node {
  const json = yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment(textRoot)) as NodeJSON
  return docFromJSON({ ...json, attrs: { meta } })
}
