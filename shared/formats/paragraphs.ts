import type { Node } from 'prosemirror-model'
import { writeAttributeBlock } from '../notation/attributes'
import { escapeText, parseInline } from '../notation/inline'
import { asUnnumberedLine, classifyLine } from '../notation/lines'
import { parseNotation } from '../notation/parse'
import { romanLabel, romanValue } from '../schema/numbering'
import type { ClauseLevel } from '../schema/nodes'
import { readFrontMatter } from './front-matter'
import { pairSpanLines, type SpanLine, spanCandidates } from './span-lines'

/** Something an importer could not map, or the reason it failed, and where,
 *  as a user finds it: `line 5` in a text, `section II, "4. States shall…"`
 *  (the section and the paragraph's first words) in a Word file, `table 1`. */
export interface ImportIssue {
  location: string
  message: string
}

/** A document read from outside, or why it could not be read. Warnings list
 *  what was left out or kept as plain text. */
export type ImportResult = { ok: true; doc: Node; warnings: ImportIssue[] } | { ok: false; error: ImportIssue }

/** One paragraph of a source document as a reader (DOCX, plain text) saw it. */
export interface SourceParagraph {
  /** Where the reader found it: `line 5`, `paragraph 12` (a Word file's
   *  paragraphs are cited by section and first words in the warnings). */
  location: string
  /** The text as shown, automatic number included: `4. States [shall] …`. */
  plain: string
  /** The same text in the notation's inline syntax: brackets are structural,
   *  literal characters escaped, attributions written `{by="…"}`. */
  source: string
  /** What the source's own markup says the paragraph is: a section heading
   *  (Heading 1, an upper-roman list), the title (Title style), front matter
   *  our export wrote, one of our clause styles, a Word numbering format; null
   *  when only the text can tell. */
  role: 'heading' | 'title' | 'front' | ClauseLevel | null
  /** The outline level of its heading style (1 for Heading 1), if any. */
  headingLevel?: number | null
  /** Whether all of its text is bold, as typed sub-headings are. */
  emphasis?: boolean
  /** Indentation in notation columns; it tells `(i)` the letter from `(i)` the
   *  roman numeral when nothing else does. */
  indent: number
  id: string | null
  adref: boolean
  /** Brackets spanning paragraphs the source marks as such (our DOCX span
   *  style): they open before it and close after it, whatever its text. */
  spans?: { opens: number; closes: number }
}

/** What a reader hands to `interpretParagraphs`. */
export interface SourceDocument {
  paragraphs: SourceParagraph[]
  /** Metadata the file carried in a form we wrote (title, reading, date), or
   *  null: then the front matter before section I says what it can. */
  meta: Record<string, string> | null
  /** What the reader itself could not map (tables, images, …). */
  warnings: ImportIssue[]
}

/** Escapes text for the notation's inline syntax. Square brackets stay
 *  structural unless `brackets` is set (text known to be literal). */
export function escapeInline(text: string, brackets = false): string {
  return brackets ? escapeText(text) : text.replace(/[\\{]/g, '\\$&')
}

const romanHeading = /^([IVXLCDM]+)\.(?:\s+(.*))?$/
/** Heading styles may number sections any way (`A.`, `1.`). */
const styledHeading = /^([^\s.]+)\.(?:\s+(.*))?$/
const annexHeading = /^annex(?:\s+([IVXLCDM]+|\d+|[A-Z]))?\b[.:]?(?:\s+(.*))?$/i

/** Whether a paragraph's text reads as a section heading: `I. Title`. */
export const isHeadingText = (plain: string) => romanHeading.test(plain.trim())
const indentByLevel = [0, 0, 2, 4]

/** A paragraph that starts a section; `titled` when the next paragraph is
 *  its title. */
interface SectionStart {
  numeral: string
  title: string
  titled?: boolean
}

type Line = SpanLine

/** Turns paragraphs into a document the way a reader of a UN document would:
 *  the header block, title and preamble before section I; `I. Title` (in
 *  sequence) and `Annex` start sections; `1.` starts a paragraph; `(a)`,
 *  `a)`, `a.`, `(A)`, `(i)`, `i)` sub-paragraphs; any other paragraph is
 *  unnumbered. The paragraphs are written as the notation and read by its
 *  parser, so files and the notation number, nest and check clauses alike. A
 *  number the source repeats is kept as text in an unnumbered paragraph, with
 *  a warning: one problem never loses the document. */
export function interpretParagraphs(source: SourceDocument): ImportResult {
  const warnings = [...source.warnings]
  const places = new Map<string, string>()
  const sections = findSections(source.paragraphs)
  const firstSection = source.paragraphs.findIndex((_, i) => sections.has(i))
  const firstClause = source.paragraphs.findIndex((p) => typeof p.role === 'number' || startsNumbered(p.plain))
  const frontEnd = firstSection >= 0 ? firstSection : Math.max(firstClause, 0)
  const front = readFrontMatter(source.paragraphs.slice(0, frontEnd), source.meta)
  const lines: Line[] = Object.entries(front.meta).map(([key, value]) => ({
    text: `% ${key}: ${value.replace(/\s+/g, ' ')}`,
    location: 'document properties',
  }))
  if (front.preamble.length) {
    lines.push({ text: '# Preamble.', location: 'document' })
    for (const p of front.preamble) {
      places.set(p.location, `preamble, ${quote(p.plain)}`)
      lines.push(...clauseLines({ ...p, role: 0 }, warnings))
    }
  }
  if (firstSection < 0) {
    warnings.push({
      location: 'document',
      message: "no section heading ('I. Title') found: the whole text is put in section I",
    })
    lines.push({ text: '# I.', location: 'document' })
  }
  let numeral = 'I'
  source.paragraphs.forEach((p, i) => {
    if (i < frontEnd || sections.get(i - 1)?.titled) return
    const heading = sections.get(i)
    if (heading) {
      numeral = heading.numeral
      places.set(p.location, `section ${numeral}`)
      lines.push({ text: `# ${heading.numeral}.${heading.title ? ` ${heading.title}` : ''}`, location: p.location })
      return
    }
    places.set(p.location, `section ${numeral}, ${quote(p.plain)}`)
    // A roman numeral out of sequence (`IV.` after `II.`) is no section; a
    // single letter (`C.`) may still be a sub-paragraph `(C)`.
    const stray = p.role === null && isHeadingText(p.plain) && !/^[A-Z]\./.test(p.plain.trim())
    if (p.role === 'heading' || stray)
      warnings.push({
        location: p.location,
        message: stray
          ? 'a section numeral out of sequence: kept as an unnumbered paragraph'
          : "a heading without a section numeral ('I. Title'): kept as an unnumbered paragraph",
      })
    lines.push(...clauseLines(stray ? { ...p, role: 0 } : p, warnings))
  })
  const result = parseLines(pairSpanLines(lines, warnings), warnings)
  // Lines are where a user finds things in a text; a Word file has none.
  const cite = (issue: ImportIssue) =>
    issue.location.startsWith('line ') ? issue : { ...issue, location: places.get(issue.location) ?? issue.location }
  return result.ok ? { ...result, warnings: result.warnings.map(cite) } : { ok: false, error: cite(result.error) }
}

/** Reads the lines as the notation, recovering from numbers used twice. */
function parseLines(lines: Line[], warnings: ImportIssue[]): ImportResult {
  const where = (line: number) => lines[Math.min(line, lines.length) - 1]?.location ?? 'document'
  const parsed = parseNotation(lines.map((l) => l.text).join('\n'), {
    recover: (problem) =>
      warnings.push({
        location: where(problem.line),
        message: `${problem.message.replace(/ \(first on line \d+\)$/, '')}: kept as an unnumbered paragraph, its number as text`,
      }),
  })
  if (parsed.ok) return { ok: true, doc: parsed.doc, warnings }
  // The parser cites lines of the notation we wrote; cite the source instead.
  const message = parsed.error.message.replace(/on line (\d+)/, (_, n: string) => `in ${where(Number(n))}`)
  return { ok: false, error: { location: where(parsed.error.line), message } }
}

const quote = (plain: string) => {
  const flat = plain.replace(/\s+/g, ' ').trim()
  return `"${flat.length > 50 ? `${flat.slice(0, 47).trimEnd()}…` : flat}"`
}

const startsNumbered = (plain: string) => {
  const kind = classifyLine(normalizeLabel(plain.trim(), false)).kind
  return kind === 'paragraph' || kind === 'sub'
}

/** The paragraphs that start sections, by index: roman-numeral headings that
 *  run in sequence (I., II., …), Heading 1 paragraphs with a numeral, and
 *  annexes, which start a section of their own (`Annex`, `Annex-II`). */
function findSections(paragraphs: SourceParagraph[]): Map<number, SectionStart> {
  const out = new Map<number, SectionStart>()
  const used = new Set<string>()
  let expected = 1
  paragraphs.forEach((p, i) => {
    if (typeof p.role === 'number' || p.role === 'title' || p.role === 'front') return
    const text = p.plain.trim()
    const annex = annexHeading.exec(text)
    if (annex && (p.role === 'heading' || p.emphasis || p.headingLevel || !annex[2] || text.length < 60)) {
      const numeral = annex[1] ? `Annex-${annex[1]}` : 'Annex'
      if (!used.has(numeral)) {
        used.add(numeral)
        // `Annex` alone on its line: a heading paragraph after it is its title.
        const next = paragraphs[i + 1]
        const titled = !annex[2] && next && next.role === null && (next.emphasis || next.headingLevel)
        out.set(i, { numeral, title: titled ? next.plain.trim() : (annex[2] ?? '').trim(), titled: Boolean(titled) })
        expected = 1
      }
      return
    }
    const m = (p.role === 'heading' ? styledHeading : romanHeading).exec(text)
    if (!m || used.has(m[1])) return
    const value = romanValue(m[1])
    if (p.role !== 'heading' && (value !== expected || m[1] !== romanLabel(expected).toUpperCase())) return
    used.add(m[1])
    out.set(i, { numeral: m[1], title: (m[2] ?? '').trim() })
    if (value !== null) expected = value + 1
  })
  return out
}

/** Sub-paragraph labels as UN documents in every language write them — `a)`,
 *  `a.`, `A.`, `i)` — in the notation's form `(a)`. `A.` at the start of a
 *  heading stays as it is: a typed sub-heading (`C. Format of the
 *  authorization`) is an unnumbered paragraph. */
function normalizeLabel(text: string, heading: boolean): string {
  const closing = /^([a-zA-Z]+)\)(\s+|$)/.exec(text)
  if (closing && isSubToken(closing[1])) return `(${closing[1]})${closing[2]}${text.slice(closing[0].length)}`
  const dotted = /^([a-zA-Z]+)\.(\s+|$)/.exec(text)
  if (dotted && isSubToken(dotted[1]) && !(heading && /^[A-Z]+$/.test(dotted[1])))
    return `(${dotted[1]})${dotted[2]}${text.slice(dotted[0].length)}`
  return text
}

/** A lettered label (`a`, `bb`, `A`) or a roman one (`iv`). */
const isSubToken = (token: string) => /^([a-zA-Z])\1*$/.test(token) || /^[ivxlcdm]+$/i.test(token)

/** The notation lines for one clause paragraph (none for an empty one). A
 *  bracket it opens at its start or closes at its end without a partner in
 *  it may span paragraphs: `pairSpanLines` decides. */
function clauseLines(p: SourceParagraph, warnings: ImportIssue[]): Line[] {
  const heading = p.role === 'heading' || Boolean(p.emphasis) || Boolean(p.headingLevel)
  let text = p.role === 0 ? p.source.trim() : normalizeLabel(p.source.trim(), heading)
  if (text === '' && p.role !== 0) return []
  const found = p.spans ? { ...p.spans, core: text } : spanCandidates(text)
  const span = found && !('message' in parseInline(found.core)) ? found : null
  if (span) text = span.core
  const inline = parseInline(text)
  if ('message' in inline) {
    warnings.push({
      location: p.location,
      message: `${inline.message}: the brackets of this paragraph are kept as plain text`,
    })
    text = text.replace(/\\.|[[\]{]/g, (s) => (s.length === 2 ? s : `\\${s}`))
  }
  const block = writeAttributeBlock({ id: idOf(p, warnings), classes: p.adref ? ['adref'] : [] })
  const line = classifyLine(text)
  const numbered = p.role !== 0 && (line.kind === 'paragraph' || line.kind === 'sub')
  if (!numbered && line.kind === 'bad-number' && p.role !== 0) {
    warnings.push({
      location: p.location,
      message: `unknown numbering '${line.label}': kept as an unnumbered paragraph`,
    })
  }
  const indent = ' '.repeat((typeof p.role === 'number' ? indentByLevel[p.role] : p.indent) ?? 0)
  const write = (opens: number, closes: number, literalOpens: number, literalCloses: number) => {
    const literal = '\\['.repeat(literalOpens)
    const body = numbered ? text.replace(/^\S+\s*/, (n) => (literal ? `${n.trimEnd()} ${literal}` : n)) : literal + text
    const suffix = `${'\\]'.repeat(literalCloses)}${']'.repeat(closes)}`
    // A number alone (`1.`) keeps its space before what closes after it.
    const closed = numbered && suffix && !/\s\S/.test(body) ? `${body} ${suffix}` : `${body}${suffix}`
    // Unnumbered text must not read as a number, heading or comment line.
    if (!numbered) return [asUnnumberedLine(closed), block].filter(Boolean).join(' ') || '{}'
    return `${indent}${'['.repeat(opens)}${[closed, block].filter(Boolean).join(' ')}`
  }
  const own: Line = {
    text: write(0, 0, 0, 0),
    location: p.location,
    ...(span ? { span: { candidates: span, unnumbered: !numbered, write } } : {}),
  }
  return numbered ? [own] : [{ text: '', location: p.location }, own]
}

function idOf(p: SourceParagraph, warnings: ImportIssue[]): string | null {
  if (p.id === null || /^[\w:.-]+$/.test(p.id)) return p.id
  warnings.push({ location: p.location, message: `clause id '${p.id}' is not a valid id: left out` })
  return null
}
