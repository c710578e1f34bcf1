import type { Node } from 'prosemirror-model'
import { prosemirrorToYXmlFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror'
import * as Y from 'yjs'
import { docFromJSON } from '../../shared/schema/schema'
import { textRoot } from '../../shared/protocol/rooms'

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

/** The ProseMirror document a text room holds, checked against the schema.
 *  Throws when clients have written something the schema does not allow. */
export function docFromText(ydoc: Y.Doc, meta: Record<string, string> = {}): Node {
  const json = yXmlFragmentToProsemirrorJSON(ydoc.getXmlFragment(textRoot)) as NodeJSON
  return docFromJSON({ ...json, attrs: { meta } })
}
