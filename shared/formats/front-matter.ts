import type { SourceParagraph } from './paragraphs'

/** What comes before section I: the header block of a UN document
 *  (symbol, distribution, date, original language), the title, and the
 *  preambular paragraphs. */
export interface FrontMatter {
  meta: Record<string, string>
  preamble: SourceParagraph[]
}

const months = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]

/** `12 December 2023` (or `December 12, 2023`, or ISO) as `2023-12-12`, or null. */
export function isoDate(text: string): string | null {
  const t = text.trim()
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t
  const dmy = /^(\d{1,2}) ([A-Za-z]+),? (\d{4})$/.exec(t)
  const mdy = /^([A-Za-z]+) (\d{1,2}),? (\d{4})$/.exec(t)
  const [day, month, year] = dmy ? [dmy[1], dmy[2], dmy[3]] : mdy ? [mdy[2], mdy[1], mdy[3]] : []
  const m = month ? months.indexOf(month.toLowerCase()) : -1
  if (m < 0 || !day || !year) return null
  return `${year}-${String(m + 1).padStart(2, '0')}-${day.padStart(2, '0')}`
}

/** A UN document symbol: `FCCC/CP/2023/L.1`, `CCW/GGE.1/2024/WP.1`, `A/RES/77/1`. */
const symbolPattern = /^[A-Z][A-Z0-9.]*(?:\/[A-Za-z0-9.()-]+)+$/

/** One line of a header block as metadata, or null. */
function headerLine(plain: string): [string, string] | null {
  const t = plain.replace(/\s+/g, ' ').trim()
  const distribution = /^Distr\.?:?\s*(.+)$/i.exec(t)
  if (distribution) return ['distribution', distribution[1]]
  const original = /^Original:\s*(.+)$/i.exec(t)
  if (original) return ['original', original[1]]
  if (symbolPattern.test(t)) return ['symbol', t]
  const date = isoDate(t)
  return date ? ['date', date] : null
}

/** Reads the paragraphs before section I. `known` is the metadata the file
 *  carried in a form we wrote (then our title and front-matter paragraphs
 *  are skipped: the metadata already holds them); otherwise header-block
 *  lines become metadata, the first paragraph in a title style (or the first
 *  paragraph) the title, and the rest the preamble. */
export function readFrontMatter(paragraphs: SourceParagraph[], known: Record<string, string> | null): FrontMatter {
  const meta: Record<string, string> = { ...known }
  const rest: SourceParagraph[] = []
  for (const p of paragraphs) {
    if (p.plain.trim() === '' || p.role === 'front') continue
    if (known && p.role === 'title') continue
    const header = known ? null : headerLine(p.plain)
    if (header && meta[header[0]] === undefined) meta[header[0]] = header[1]
    else rest.push(p)
  }
  if (meta.title === undefined && rest.length) {
    const title = rest.find((p) => p.role === 'title') ?? rest[0]
    meta.title = title.plain.trim().replace(/\s+/g, ' ')
    rest.splice(rest.indexOf(title), 1)
  }
  return { meta: inMetaOrder(meta), preamble: rest }
}

/** The usual metadata keys in the order the notation writes them. */
const metaOrder = ['title', 'reading', 'date', 'symbol', 'distribution', 'original', 'language']

/** Metadata with the usual keys first, in the notation's order, the rest after
 *  them as found: every reader (and another editor's reordering of a file's
 *  properties) gives the same notation. */
export function inMetaOrder(meta: Record<string, string>): Record<string, string> {
  const ordered: Record<string, string> = {}
  for (const key of [...metaOrder, ...Object.keys(meta)]) if (meta[key] !== undefined) ordered[key] ??= meta[key]
  return ordered
}
