import type { Node } from 'prosemirror-model'
import { listSections } from '../schema/outline'
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
  return needsFolding(text) ? text.replace(/\s+/g, ' ').trim() : text
}

/** Whether a text holds white space other than single spaces between words:
 *  a loop over char codes, several times faster than a regular expression
 *  over every clause of a long reading. */
function needsFolding(text: string): boolean {
  const n = text.length
  if (n && (text.charCodeAt(0) === 32 || text.charCodeAt(n - 1) === 32)) return true
  let space = false
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 32) {
      if (space) return true
      space = true
    } else if (c < 32 || (c > 126 && /\s/.test(text[i]))) return true
    else space = false
  }
  return false
}

/** White space folded and Unicode composed (NFC): a decomposed `é` and a
 *  composed one are the same text (SPEC.md D2). */
export function foldText(text: string): string {
  const folded = foldWhitespace(text)
  // ASCII is always in NFC; most clauses are spared the normalisation.
  return /[\u0080-\uffff]/.test(folded) ? folded.normalize('NFC') : folded
}

/** Readings already listed: a document never changes, and a history of many
 *  readings compares each reading twice. */
const listed = new WeakMap<Node, readonly ClauseRecord[]>()

/** Lists a reading's clauses in order, each with its number, key and text. */
export function clauseRecords(doc: Node): readonly ClauseRecord[] {
  const known = listed.get(doc)
  if (known) return known
  const out: ClauseRecord[] = []
  listSections(doc).forEach((section, sectionIndex) => {
    for (const { node, number, key } of section.clauses) {
      const ref: ClauseRef = {
        section: section.numeral,
        number: number.number,
        key,
        // Brackets spanning paragraphs stand in the text as the notation writes
        // them, so opening or resolving one is a bracket change of the
        // clauses where it opens and closes (D16).
        text: foldText(
          '['.repeat(node.attrs.spanOpen) + serializeInline(node.content) + ']'.repeat(node.attrs.spanClose),
        ),
        id: node.attrs.id,
        level: node.attrs.level,
        status: node.attrs.status === 'adref' ? 'adref' : 'open',
        index: out.length,
      }
      out.push({ ref, index: out.length, sectionIndex, node })
    }
  })
  listed.set(doc, out)
  return out
}

/** Pairs each old section with the new one it continues (SPEC.md D3): the
 *  same title, so a section renumbered because one was inserted before it
 *  still pairs; else the section that holds most of its clauses (texts found
 *  once in each reading), so a retitled section pairs whatever its numeral;
 *  else a similar title; else the same numeral. Returns, for each old
 *  section index, the new section index or -1. */
export function alignSections(
  before: readonly ClauseRecord[],
  after: readonly ClauseRecord[],
  oldDoc: Node,
  newDoc: Node,
): number[] {
  const heads = { old: sectionHeads(oldDoc), new: sectionHeads(newDoc) }
  const map = new Array<number>(heads.old.length).fill(-1)
  const taken = new Set<number>()
  const pair = (i: number, j: number) => {
    map[i] = j
    taken.add(j)
  }
  const byTitle = (same: (a: string, b: string) => boolean) => {
    heads.old.forEach((a, i) => {
      if (map[i] >= 0 || !a.title) return
      const j = heads.new.findIndex((b, k) => !taken.has(k) && same(a.title, b.title))
      if (j >= 0) pair(i, j)
    })
  }
  byTitle((a, b) => a === b)
  const votes = sharedTexts(before, after)
  for (const { i, j } of votes) if (map[i] < 0 && !taken.has(j)) pair(i, j)
  byTitle((a, b) => titleSimilarity(a, b) >= similarTitle)
  heads.old.forEach((a, i) => {
    if (map[i] >= 0) return
    const j = heads.new.findIndex((b, k) => !taken.has(k) && a.numeral === b.numeral)
    if (j >= 0) pair(i, j)
  })
  return map
}

/** Titles sharing this share of their words are one section retitled. */
const similarTitle = 0.5

function titleSimilarity(a: string, b: string): number {
  const x = new Set(a.split(/[^\p{L}\p{N}]+/u).filter(Boolean))
  const y = new Set(b.split(/[^\p{L}\p{N}]+/u).filter(Boolean))
  let shared = 0
  for (const w of x) if (y.has(w)) shared++
  return x.size + y.size ? (2 * shared) / (x.size + y.size) : 0
}

/** Section pairs (old i, new j) by how many clause texts, each found once in
 *  each reading, went from i to j, most first; only pairs holding at least a
 *  third of the old section's clauses. */
function sharedTexts(before: readonly ClauseRecord[], after: readonly ClauseRecord[]) {
  const once = (records: readonly ClauseRecord[]) => {
    const seen = new Map<string, number>()
    for (const r of records) seen.set(r.ref.text, seen.has(r.ref.text) ? -1 : r.sectionIndex)
    return seen
  }
  const olds = once(before)
  const size = new Map<number, number>()
  for (const r of before) size.set(r.sectionIndex, (size.get(r.sectionIndex) ?? 0) + 1)
  const count = new Map<string, { i: number; j: number; n: number }>()
  once(after).forEach((j, text) => {
    const i = olds.get(text)
    if (j < 0 || i === undefined || i < 0) return
    const entry = count.get(`${i} ${j}`) ?? { i, j, n: 0 }
    entry.n++
    count.set(`${i} ${j}`, entry)
  })
  return [...count.values()]
    .filter((v) => 3 * v.n >= (size.get(v.i) ?? 0))
    .sort((p, q) => q.n - p.n || p.i - q.i || p.j - q.j)
}

/** A section's numeral and title, and the title folded for comparison. */
interface SectionHead {
  numeral: string
  title: string
  shown: string
}

/** Each section's numeral and title as shown, in reading order. */
export function sectionHeadings(doc: Node): { numeral: string; title: string }[] {
  return sectionHeads(doc).map(({ numeral, shown }) => ({ numeral, title: shown }))
}

function sectionHeads(doc: Node): SectionHead[] {
  const list: SectionHead[] = []
  doc.forEach((s) => {
    const shown = s.firstChild?.textContent ?? ''
    list.push({ numeral: s.attrs.numeral, title: foldText(shown).toLowerCase(), shown })
  })
  return list
}
