import type { Node } from 'prosemirror-model'
import { defaultLimits, type Limits } from '../limits'

/** How large an imported file may turn out once read: the expanded size of
 *  any one part of a Word package and of all of them together, paragraphs,
 *  clauses, and XML element nesting. Checked before and while a file is
 *  read, so that a small file that expands enormously is refused before it
 *  takes the memory. */
export interface ImportBounds {
  partBytes: number
  totalBytes: number
  paragraphs: number
  clauses: number
  nesting: number
}

/** The limits the import bounds come from. */
export type ImportLimits = Pick<
  Limits,
  'importPartBytes' | 'importTotalBytes' | 'importParagraphs' | 'importClauses' | 'importNesting'
>

/** The bounds of a set of limits (`RT_LIMIT_IMPORT_…`). */
export const importBounds = (limits: ImportLimits = defaultLimits): ImportBounds => ({
  partBytes: limits.importPartBytes,
  totalBytes: limits.importTotalBytes,
  paragraphs: limits.importParagraphs,
  clauses: limits.importClauses,
  nesting: limits.importNesting,
})

/** Which bound a file passed: `found` is at least what was counted (reading
 *  stops at the first count past the bound), `part` the package part. */
export interface ImportExcess {
  /** `workerMb`: reading it needed more memory than the import worker has;
   *  `timeoutMs`: more time than an import may take. */
  bound: keyof ImportBounds | 'workerMb' | 'timeoutMs'
  limit: number
  found: number
  part?: string
}

/** The environment variable that sets each bound (docs/DEPLOY.md). */
export const boundVariables: Record<ImportExcess['bound'], string> = {
  partBytes: 'RT_LIMIT_IMPORT_PART_BYTES',
  totalBytes: 'RT_LIMIT_IMPORT_TOTAL_BYTES',
  paragraphs: 'RT_LIMIT_IMPORT_PARAGRAPHS',
  clauses: 'RT_LIMIT_IMPORT_CLAUSES',
  nesting: 'RT_LIMIT_IMPORT_NESTING',
  workerMb: 'RT_LIMIT_IMPORT_WORKER_MB',
  timeoutMs: 'RT_LIMIT_IMPORT_TIMEOUT_MS',
}

const mib = (n: number) => `${Math.round((n / 2 ** 20) * 10) / 10} MiB`
const count = (n: number) => n.toLocaleString('en')

/** What was too large, in words: `word/document.xml expands to more than
 *  64 MiB (at most 64 MiB)`, `more than 50,000 paragraphs (at most 50,000)`. */
export function describeExcess(excess: ImportExcess): string {
  const { bound, limit, part } = excess
  const what: Record<ImportExcess['bound'], string> = {
    partBytes: `${part ?? 'a part of the package'} expands to more than ${mib(limit)}`,
    totalBytes: `the package expands to more than ${mib(limit)} in all`,
    paragraphs: `it holds more than ${count(limit)} paragraphs`,
    clauses: `it holds more than ${count(limit)} clauses`,
    nesting: `${part ?? 'its XML'} nests elements more than ${count(limit)} deep`,
    workerMb: `reading it needs more than ${count(limit)} MiB of memory`,
    timeoutMs: `reading it takes longer than ${count(limit / 1000)} s`,
  }
  const setting = bound.endsWith('Bytes')
    ? mib(limit)
    : bound.endsWith('Mb') || bound.endsWith('Ms')
      ? `${limit}`
      : count(limit)
  return `too large to import: ${what[bound]} (the server's ${boundVariables[bound]} is ${setting})`
}

/** Counts the paragraphs (elements named `p`, `w:p` in WordprocessingML)
 *  and measures the nesting of an XML text, without building it: the first
 *  bound passed, or null. A linear scan, run before the XML is parsed. */
export function scanXml(xml: string, part: string, bounds: ImportBounds): ImportExcess | null {
  let depth = 0
  let paragraphs = 0
  let at = xml.indexOf('<')
  while (at !== -1) {
    const next = xml.charCodeAt(at + 1)
    if (next === 0x3f /* ? */) at = skipPast(xml, at, '?>')
    else if (next === 0x21 /* ! */)
      at = skipPast(xml, at, xml.startsWith('<!--', at) ? '-->' : xml.startsWith('<![CDATA[', at) ? ']]>' : '>')
    else if (next === 0x2f /* / */) {
      depth--
      at = skipPast(xml, at, '>')
    } else {
      const end = tagEnd(xml, at)
      if (end === -1) return null
      if (xml.charCodeAt(end - 1) !== 0x2f) {
        depth++
        if (depth > bounds.nesting) return { bound: 'nesting', limit: bounds.nesting, found: depth, part }
      }
      if (isParagraphTag(xml, at + 1) && ++paragraphs > bounds.paragraphs)
        return { bound: 'paragraphs', limit: bounds.paragraphs, found: paragraphs }
      at = end + 1
    }
    at = at === -1 ? -1 : xml.indexOf('<', at)
  }
  return null
}

/** The index just after `marker` from `from`, or -1. */
function skipPast(xml: string, from: number, marker: string): number {
  const end = xml.indexOf(marker, from + 2)
  return end === -1 ? -1 : end + marker.length
}

/** The index of the `>` closing the start tag at `from`: quoted attribute
 *  values may hold `>` and `/>`. */
function tagEnd(xml: string, from: number): number {
  let quote = 0
  for (let i = from + 1; i < xml.length; i++) {
    const c = xml.charCodeAt(i)
    if (quote) {
      if (c === quote) quote = 0
    } else if (c === 0x22 || c === 0x27) quote = c
    else if (c === 0x3e) return i
  }
  return -1
}

/** Whether the tag name at `from` is `p` or `PREFIX:p`. */
function isParagraphTag(xml: string, from: number): boolean {
  let i = from
  for (let c = xml.charCodeAt(i); c > 0x20 && c !== 0x2f && c !== 0x3e; c = xml.charCodeAt(++i));
  return xml.charCodeAt(i - 1) === 0x70 /* p */ && (i - 1 === from || xml.charCodeAt(i - 2) === 0x3a) /* : */
}

/** Past the paragraph bound: the lines with text in a text file (each may
 *  start a paragraph), counted before it is read; or null. */
export function scanText(text: string, bounds: ImportBounds): ImportExcess | null {
  let paragraphs = 0
  let blank = true
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x0a) blank = true
    else if (blank && c > 0x20) {
      blank = false
      if (++paragraphs > bounds.paragraphs) return { bound: 'paragraphs', limit: bounds.paragraphs, found: paragraphs }
    }
  }
  return null
}

/** Past the clause bound: the clauses of a document once read; or null. */
export function checkClauses(doc: Node, bounds: ImportBounds): ImportExcess | null {
  let clauses = 0
  doc.descendants((n) => {
    if (n.type.name === 'clause') clauses++
    return n.type.name !== 'clause' && clauses <= bounds.clauses
  })
  return clauses > bounds.clauses ? { bound: 'clauses', limit: bounds.clauses, found: clauses } : null
}
