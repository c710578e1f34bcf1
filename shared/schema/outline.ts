import type { Node } from 'prosemirror-model'
import { present } from '../present'
import type { ClauseAttrs } from './nodes'
import { numberSection, type ClauseNumber } from './numbering'

/** One clause with what everything that prints, cites or compares it needs. */
export interface ClauseEntry {
  node: Node
  attrs: ClauseAttrs
  number: ClauseNumber
  /** `SECTION.NUMBER` as cited: `II.4(c)`. */
  key: string
  /** Document position just before the clause node. */
  pos: number
}

/** One section with its numbered clauses. */
export interface SectionEntry {
  node: Node
  numeral: string
  title: string
  clauses: ClauseEntry[]
}

/** The document's sections and clauses in order, numbered the way the
 *  notation and the editor number them. */
export function listSections(doc: Node): SectionEntry[] {
  const sections: SectionEntry[] = []
  doc.forEach((section, sectionOffset) => {
    const numeral = section.attrs.numeral as string
    const numbers = numberSection(section)
    const clauses: ClauseEntry[] = []
    section.forEach((child, offset) => {
      if (child.type.name !== 'clause') return
      const number = numbers[clauses.length]
      clauses.push({
        node: child,
        attrs: child.attrs as ClauseAttrs,
        number,
        key: `${numeral}.${number.number}`,
        pos: sectionOffset + 1 + offset,
      })
    })
    sections.push({ node: section, numeral, title: sectionTitle(section), clauses })
  })
  return sections
}

/** The title of a section node: the text of its `section_title`, which the schema puts first. */
export function sectionTitle(section: Node): string {
  return present(section.firstChild, 'the title of a section').textContent
}
