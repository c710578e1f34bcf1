import type { Node } from 'prosemirror-model'
import { listSections } from '../schema/outline'
import { serializeInline } from '../notation/inline'

/** How much bracketed text a node holds. Our metric, stated because counting
 *  methods differ: each `[…]` pair counts one (so `[shall][should]` is two) and
 *  nested pairs each count. `groups` counts sets of alternatives (`[a][b]` is one). */
export interface BracketCount {
  pairs: number
  groups: number
}

/** Counts the bracket pairs and groups anywhere inside `node`. A bracket
 *  spanning paragraphs (`[3. … 4. …]`) is one pair and one group, counted in
 *  the clause it opens before. */
export function countBrackets(node: Node): BracketCount {
  const count: BracketCount = { pairs: 0, groups: 0 }
  const spans = (n: Node) => {
    const open = n.type.name === 'clause' ? Number(n.attrs.spanOpen ?? 0) : 0
    count.pairs += open
    count.groups += open
  }
  spans(node)
  node.descendants((child) => {
    if (child.type.name === 'bracket_group') count.groups++
    else if (child.type.name === 'option') count.pairs++
    else spans(child)
  })
  return count
}

/** Bracket counts for a document, broken down by section and clause. */
export interface BracketReport {
  total: BracketCount
  sections: {
    numeral: string
    title: string
    count: BracketCount
    clauses: { id: string | null; number: string; count: BracketCount }[]
  }[]
}

export function bracketReport(doc: Node): BracketReport {
  const sections = listSections(doc).map((s) => ({
    numeral: s.numeral,
    title: s.title,
    count: countBrackets(s.node),
    clauses: s.clauses.map((c) => ({ id: c.attrs.id, number: c.number.number, count: countBrackets(c.node) })),
  }))
  return { total: countBrackets(doc), sections }
}

/** One bracket group as found in a document. */
export interface GroupInfo {
  /** Document position just before the group node. */
  pos: number
  /** Nesting depth: 0 for a group directly in the clause text. */
  depth: number
  /** The id of the clause that holds it. */
  clauseId: string | null
  /** Each option's text in the notation (nested brackets included). */
  options: string[]
}

/** Lists every bracket group in document order, nested ones after their parent. */
export function findGroups(doc: Node): GroupInfo[] {
  const groups: GroupInfo[] = []
  doc.descendants((node, pos) => {
    if (node.type.name !== 'clause') return node.type.name !== 'section_title'
    node.descendants((child, offset) => {
      if (child.type.name !== 'bracket_group') return true
      const $pos = doc.resolve(pos + 1 + offset)
      let depth = 0
      for (let d = $pos.depth; d > 0; d--) if ($pos.node(d).type.name === 'bracket_group') depth++
      const options: string[] = []
      child.forEach((option) => {
        options.push(serializeInline(option.content))
      })
      groups.push({ pos: pos + 1 + offset, depth, clauseId: node.attrs.id, options })
      return true
    })
    return false
  })
  return groups
}
