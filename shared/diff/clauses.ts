import type { Node } from 'prosemirror-model'
import { listSections, sectionTitle } from '../schema/outline'
import { serializeInline } from '../notation/inline'
import type { ClauseRef } from './types'

/** A clause as the diff sees it: where it stands and what it says. */
export interface ClauseRecord {
  ref: ClauseRef
  /** Position in the whole reading, counting from 0. */
  index: number
  /** Index of its section in the reading. */
  sectionIndex: number
  node: Node
}

/** Collapses runs of white space to one space and trims: white space alone is
 *  never a change. */
export function foldWhitespace(text: string): string {
  // Most clauses need no folding; testing first spares a copy of each.
  return /\s\s|[^\S ]|^ | $/.test(text) ? text.replace(/\s+/g, ' ').trim() : text
}

/** Lists a reading's clauses in order, each with its number, key and text. */
export function clauseRecords(doc: Node): ClauseRecord[] {
  const out: ClauseRecord[] = []
  listSections(doc).forEach((section, sectionIndex) => {
    for (const { node, number, key } of section.clauses) {
      const ref: ClauseRef = {
        section: section.numeral,
        number: number.number,
        key,
        text: foldWhitespace(serializeInline(node.content)),
        id: node.attrs.id,
        level: node.attrs.level,
        index: out.length,
      }
      out.push({ ref, index: out.length, sectionIndex, node })
    }
  })
  return out
}

/** Pairs each old section with the new one it continues: the same title (so a
 *  section renumbered because one was inserted before it still pairs), or
 *  failing that the same numeral (a section renamed). Returns, for each old
 *  section index, the new section index or -1. */
export function alignSections(oldDoc: Node, newDoc: Node): number[] {
  const before = sectionHeads(oldDoc)
  const after = sectionHeads(newDoc)
  const taken = new Set<number>()
  const pick = (i: number, same: (a: SectionHead, b: SectionHead) => boolean) => {
    const j = after.findIndex((t, k) => !taken.has(k) && same(before[i], t))
    if (j >= 0) taken.add(j)
    return j
  }
  const map = before.map((_, i) => pick(i, (a, b) => a.title !== '' && a.title === b.title))
  return map.map((j, i) => (j >= 0 ? j : pick(i, (a, b) => a.numeral === b.numeral)))
}

interface SectionHead {
  numeral: string
  title: string
}

function sectionHeads(doc: Node): SectionHead[] {
  const list: SectionHead[] = []
  doc.forEach((s) => {
    list.push({ numeral: s.attrs.numeral, title: foldWhitespace(sectionTitle(s)).toLowerCase() })
  })
  return list
}
