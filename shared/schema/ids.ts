import { Fragment, type Node } from 'prosemirror-model'

// Web Crypto, the same global in browsers and in Node; declared here because
// shared/ is compiled without the DOM's types.
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T }

/** A fresh clause id: `c-` and ten random base-36 characters (about 52 bits,
 *  so two editors splitting clauses at the same moment do not collide). */
export function newClauseId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10))
  return `c-${Array.from(bytes, (b) => (b % 36).toString(36)).join('')}`
}

/** Positions of clauses whose id is missing or repeats an earlier clause's id.
 *  The first clause with an id keeps it: after Enter splits a clause, the part
 *  before the cursor is the clause it was, the part after is new. */
export function clausesNeedingIds(doc: Node): number[] {
  const seen = new Set<string>()
  const out: number[] = []
  doc.forEach((section, sectionOffset) => {
    section.forEach((child, offset) => {
      if (child.type.name !== 'clause') return
      const id = child.attrs.id as string | null
      if (!id || seen.has(id)) out.push(sectionOffset + 1 + offset)
      else seen.add(id)
    })
  })
  return out
}

/** The document with a fresh id on every clause that had none or repeated
 *  an earlier one, so positions and history can point at each clause.
 *  Rebuilt in one pass (a transaction step per clause copied the document
 *  once per clause: 15 s for a 5,000-clause import). */
export function withClauseIds(doc: Node, newId: () => string = newClauseId): Node {
  if (!clausesNeedingIds(doc).length) return doc
  const seen = new Set<string>()
  const sections: Node[] = []
  doc.forEach((section) => {
    const children: Node[] = []
    section.forEach((child) => {
      const id = child.type.name === 'clause' ? (child.attrs.id as string | null) : null
      if (child.type.name !== 'clause' || (id && !seen.has(id))) {
        if (id) seen.add(id)
        children.push(child)
      } else children.push(child.type.create({ ...child.attrs, id: newId() }, child.content, child.marks))
    })
    sections.push(section.copy(Fragment.from(children)))
  })
  return doc.copy(Fragment.from(sections))
}
