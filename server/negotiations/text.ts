import { randomBytes } from 'node:crypto'
import type { Node } from 'prosemirror-model'
import { prosemirrorToYXmlFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror'
import * as Y from 'yjs'
import { docFromJSON } from '../../shared/schema/schema'
import { textRoot } from '../core/clauses'

/** A fresh clause id: short, URL-safe and unique enough for one negotiation. */
export const newClauseId = () => `c-${randomBytes(6).toString('base64url')}`

interface NodeJSON { type: string; attrs?: Record<string, unknown>; content?: NodeJSON[] }

/** The document with every clause that has no id (or repeats an earlier
 *  one) given a fresh id, so positions and history can point at clauses. */
export function withClauseIds(doc: Node, newId: () => string = newClauseId): Node {
  const seen = new Set<string>()
  const visit = (n: NodeJSON): NodeJSON => {
    if (n.type === 'clause') {
      let id = n.attrs?.id as string | null | undefined
      if (!id || seen.has(id)) id = newId()
      seen.add(id)
      return { ...n, attrs: { ...n.attrs, id } }
    }
    return n.content ? { ...n, content: n.content.map(visit) } : n
  }
  return docFromJSON(visit(doc.toJSON() as NodeJSON))
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
