import type { ClauseRecord } from './clauses'
import type { ClauseChange, CrossReference, NumberingEntry } from './types'

/** Characters of a clause's text kept in the numbering table. */
const excerptLength = 60

/** A quick test that a text may hold a reference at all. */
const mayCite = /[Pp]aragraph|[Bb]ox|[Ss]ection/

/** Every clause found in both readings, old number → new number, in the new
 *  reading's order (SPEC.md D11). */
export function numberingTable(changes: readonly ClauseChange[]): NumberingEntry[] {
  const out: NumberingEntry[] = []
  for (const c of changes) {
    if (!c.old || !c.new) continue
    const text = c.new.text
    const excerpt = text.length > excerptLength ? `${text.slice(0, excerptLength - 1)}…` : text
    out.push({ old: c.old.key, new: c.new.key, excerpt })
  }
  return out
}

/** One kind of reference the comparison recognises in English texts. */
interface Pattern {
  pattern: RegExp
  /** It cites a whole section, not a clause. */
  section: boolean
  /** The old key (or section numeral) cited, from the match and the old key
   *  of the clause that holds it. */
  cited: (m: RegExpMatchArray, holder: string) => string
  /** The reference rewritten for where its target stands now. */
  rewrite: (m: RegExpMatchArray, now: string, holder: string) => string
}

const sectionOf = (key: string) => key.slice(0, key.indexOf('.'))
const numberOf = (key: string) => key.slice(key.indexOf('.') + 1)
const paragraphOf = (key: string) => key.replace(/\(.*$/, '')
const compact = (number: string) => number.replace(/\s+/g, '')

const patterns: Pattern[] = [
  {
    // Box IV(9), box IV (9)
    section: false,
    pattern: /\b([Bb]ox)\s+([IVXLC]+)\s*\((\d+[a-z]*)\)/g,
    cited: (m) => `${m[2]}.${m[3]}`,
    rewrite: (m, now) => `${m[1]} ${sectionOf(now)}(${numberOf(now)})`,
  },
  {
    // paragraph 4, paragraph 4 (c), paragraph 4 above
    section: false,
    pattern: /\b([Pp]aragraph)\s+(\d+[a-z]*(?:\s*\((?:[a-z]+|[ivx]+)\))*)/g,
    cited: (m, holder) => `${sectionOf(holder)}.${compact(m[2])}`,
    rewrite: (m, now, holder) =>
      sectionOf(now) === sectionOf(holder)
        ? `${m[1]} ${numberOf(now)}`
        : `${m[1]} ${numberOf(now)} of section ${sectionOf(now)}`,
  },
  {
    // subparagraph (b), sub-paragraph (b): within the same paragraph
    section: false,
    pattern: /\b([Ss]ub-?paragraph)\s+\(([a-z]+|[ivx]+)\)/g,
    cited: (m, holder) => `${paragraphOf(holder)}(${m[2]})`,
    rewrite: (m, now, holder) =>
      paragraphOf(now) === paragraphOf(holder)
        ? `${m[1]} ${now.slice(now.lastIndexOf('('))}`
        : `paragraph ${numberOf(now)}${sectionOf(now) === sectionOf(holder) ? '' : ` of section ${sectionOf(now)}`}`,
  },
  {
    // section III
    section: true,
    pattern: /\b([Ss]ection)\s+([IVXLC]+)\b/g,
    cited: (m) => m[2],
    rewrite: (m, now) => `${m[1]} ${now}`,
  },
]

/** References in the new text that cite a clause (or section) by the number
 *  it had in the old reading, when that clause has since moved, been
 *  renumbered or been deleted (SPEC.md D12). Only references the clause
 *  already held in the old reading are checked: one written in the new
 *  reading cites the new numbers. */
export function staleReferences(changes: readonly ClauseChange[], before: readonly ClauseRecord[]): CrossReference[] {
  const nowOf = new Map<string, string | null>()
  const sections = new Map<string, string>()
  for (const c of changes) {
    if (!c.old) continue
    nowOf.set(c.old.key, c.new?.key ?? null)
    if (c.new && !sections.has(c.old.section)) sections.set(c.old.section, c.new.section)
  }
  const oldSections = new Set(before.map((r) => r.ref.section))
  const out: CrossReference[] = []
  if (![...nowOf].some(([was, now]) => was !== now) && [...sections].every(([was, now]) => was === now)) return out
  for (const c of changes) {
    if (!c.old || !c.new || !mayCite.test(c.new.text)) continue
    const { old, new: now } = c
    for (const p of patterns) {
      for (const m of now.text.matchAll(p.pattern)) {
        if (!old.text.includes(m[0])) continue
        const cited = p.cited(m, old.key)
        if (p.section ? !oldSections.has(cited) : !nowOf.has(cited)) continue
        const target = (p.section ? sections.get(cited) : nowOf.get(cited)) ?? null
        const holder = now.key
        const proposed = target === null ? null : p.rewrite(m, target, holder)
        if (proposed === m[0]) continue
        const start = m.index ?? 0
        out.push({ in: holder, text: m[0], start, end: start + m[0].length, cited, now: target, proposed })
      }
    }
  }
  return out
}
