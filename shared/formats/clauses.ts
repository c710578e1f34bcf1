import type { Node } from 'prosemirror-model'
import type { ClauseAttrs } from '../schema/nodes'
import { numberSection, type ClauseNumber } from '../schema/numbering'

/** One clause with what every renderer needs to print or cite it. */
export interface ClauseEntry {
  node: Node
  attrs: ClauseAttrs
  number: ClauseNumber
  /** `SECTION.NUMBER` as cited: `II.4(c)`. */
  key: string
}

/** One section with its numbered clauses. */
export interface SectionEntry {
  numeral: string
  title: string
  clauses: ClauseEntry[]
}

/** The document's sections and clauses in order, numbered the way the
 *  notation and the editor number them. */
export function listSections(doc: Node): SectionEntry[] {
  const sections: SectionEntry[] = []
  doc.forEach((section) => {
    const numeral = section.attrs.numeral as string
    const numbers = numberSection(section)
    const clauses: ClauseEntry[] = []
    section.forEach((child) => {
      if (child.type.name !== 'clause') return
      const number = numbers[clauses.length]
      clauses.push({ node: child, attrs: child.attrs as ClauseAttrs, number, key: `${numeral}.${number.number}` })
    })
    sections.push({ numeral, title: section.firstChild!.textContent, clauses })
  })
  return sections
}

/** Escapes text for XML and HTML content and double-quoted attribute values.
 *  Control characters XML 1.0 forbids (pasted from other programs) are dropped:
 *  one of them would make the whole file unreadable. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
}
