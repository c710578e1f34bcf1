import type { Node } from 'prosemirror-model'
import { schema } from '../../shared/schema/schema'
import type { ClauseAttrs } from '../../shared/schema/nodes'

/** Builders that read like the document:
 *  `doc(section('I', 'Title', p('a ', g('shall', 'should'), ' b')))`. */
type Inline = string | Node
type ClauseOptions = Partial<ClauseAttrs>

const inline = (content: Inline[]) =>
  content.filter((c) => c !== '').map((c) => (typeof c === 'string' ? schema.text(c) : c))

export function doc(...sections: Node[]): Node {
  return schema.node('doc', { meta: {} }, sections)
}

export function docWithMeta(meta: Record<string, string>, ...sections: Node[]): Node {
  return schema.node('doc', { meta }, sections)
}

export function section(numeral: string, title: string, ...clauses: Node[]): Node {
  return schema.node('section', { numeral }, [
    schema.node('section_title', null, title ? schema.text(title) : undefined),
    ...clauses,
  ])
}

function clauseAt(level: ClauseAttrs['level']) {
  return (...content: (Inline | ClauseOptions)[]): Node => {
    const attrs: ClauseOptions = { level }
    const parts: Inline[] = []
    for (const c of content) {
      if (typeof c === 'string' || isNode(c)) parts.push(c)
      else Object.assign(attrs, c)
    }
    return schema.node('clause', attrs, inline(parts))
  }
}

const isNode = (c: unknown): c is Node => typeof c === 'object' && c !== null && 'nodeSize' in c

/** A numbered paragraph `1.`; pass `{ id, label, status }` anywhere for attributes. */
export const p = clauseAt(1)
/** A lettered sub-paragraph `(a)`. */
export const sub = clauseAt(2)
/** A roman sub-sub-paragraph `(i)`. */
export const subsub = clauseAt(3)
/** An unnumbered paragraph (a chapeau). */
export const chapeau = clauseAt(0)

/** A bracket group; each argument is an option: a string, an `opt(...)`, or a
 *  nested array of inline content. */
export function g(...options: (string | Node | Inline[])[]): Node {
  return schema.node(
    'bracket_group',
    null,
    options.map((o) => (isNode(o) && o.type.name === 'option' ? o : opt(...(Array.isArray(o) ? o : [o])))),
  )
}

/** One option with its content; `{ by: 'State' }` attributes it. */
export function opt(...content: (Inline | { by: string })[]): Node {
  let proposedBy: string | null = null
  const parts: Inline[] = []
  for (const c of content) {
    if (typeof c === 'string' || isNode(c)) parts.push(c)
    else proposedBy = c.by
  }
  return schema.node('option', { proposedBy }, inline(parts))
}
