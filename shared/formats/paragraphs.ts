import type { Node } from 'prosemirror-model'
import type { ClauseLevel } from '../schema/nodes'
import { writeAttributeBlock } from '../notation/attributes'
import { escapeText, parseInline } from '../notation/inline'
import { classifyLine } from '../notation/lines'
import { parseNotation } from '../notation/parse'

/** Something an importer could not map, or the reason it failed, and where:
 *  `paragraph 12`, `line 5`, `table 1`. */
export interface ImportIssue {
  location: string
  message: string
}

/** A document read from outside, or why it could not be read. Warnings list
 *  what was left out or kept as plain text. */
export type ImportResult = { ok: true; doc: Node; warnings: ImportIssue[] } | { ok: false; error: ImportIssue }

/** One paragraph of a source document as a reader (DOCX, plain text) saw it. */
export interface SourceParagraph {
  location: string
  /** The text as shown, automatic number included: `4. States [shall] …`. */
  plain: string
  /** The same text in the notation's inline syntax: brackets are structural,
   *  literal characters escaped, attributions written `{by="…"}`. */
  source: string
  /** What the source's own markup says the paragraph is (a heading style,
   *  our export's clause styles, a Word numbering format); null when only the
   *  text can tell. */
  role: 'heading' | ClauseLevel | null
  /** Indentation in notation columns; it tells `(i)` the letter from `(i)` the
   *  roman numeral when nothing else does. */
  indent: number
  id: string | null
  adref: boolean
}

/** What a reader hands to `interpretParagraphs`. */
export interface SourceDocument {
  paragraphs: SourceParagraph[]
  /** Metadata the file carried in a form we wrote (title, reading, date), or
   *  null: then the first paragraph before any section heading is the title. */
  meta: Record<string, string> | null
  /** What the reader itself could not map (tables, images, …). */
  warnings: ImportIssue[]
}

/** Escapes text for the notation's inline syntax. Square brackets stay
 *  structural unless `brackets` is set (text known to be literal). */
export function escapeInline(text: string, brackets = false): string {
  return brackets ? escapeText(text) : text.replace(/[\\{]/g, '\\$&')
}

const headingPattern = /^([IVXLCDM]+)\.(?:\s+(.*))?$/

/** Whether a paragraph's text reads as a section heading: `I. Title`. */
export const isHeadingText = (plain: string) => headingPattern.test(plain.trim())
const indentByLevel = [0, 0, 2, 4]

/** Turns paragraphs into a document the way a reader of a UN document would:
 *  `I. Title` starts a section, `1.` a paragraph, `(a)` and `(i)`
 *  sub-paragraphs, any other paragraph is unnumbered. The paragraphs are
 *  written as the notation and read by its parser, so files and the notation
 *  number, nest and check clauses alike. */
export function interpretParagraphs(source: SourceDocument): ImportResult {
  const warnings = [...source.warnings]
  const lines: { text: string; location: string }[] = []
  const meta: Record<string, string> = { ...source.meta }
  const anyHeading = source.paragraphs.some((p) => headingOf(p) !== null)
  if (!anyHeading) {
    warnings.push({
      location: 'document',
      message: "no section heading ('I. Title') found: the whole text is put in section I",
    })
    lines.push({ text: '# I.', location: 'document' })
  }
  let inSection = !anyHeading
  for (const p of source.paragraphs) {
    const heading = headingOf(p)
    if (heading) {
      lines.push({ text: `# ${heading.numeral}.${heading.title ? ` ${heading.title}` : ''}`, location: p.location })
      inSection = true
    } else if (!inSection) {
      if (p.plain.trim() === '' || source.meta) continue
      if (meta.title === undefined) meta.title = p.plain.trim().replace(/\s+/g, ' ')
      else warnings.push({ location: p.location, message: 'text before the first section heading: left out' })
    } else {
      if (p.role === 'heading')
        warnings.push({
          location: p.location,
          message: "a heading without a section numeral ('I. Title'): kept as an unnumbered paragraph",
        })
      lines.push(...clauseLines(p, warnings))
    }
  }
  const metaLines = Object.entries(meta).map(([key, value]) => ({
    text: `% ${key}: ${value.replace(/\s+/g, ' ')}`,
    location: 'document properties',
  }))
  const all = [...metaLines, ...lines]
  const parsed = parseNotation(all.map((l) => l.text).join('\n'))
  if (parsed.ok) return { ok: true, doc: parsed.doc, warnings }
  const where = (line: number) => all[Math.min(line, all.length) - 1]?.location ?? 'document'
  // The parser cites lines of the notation we wrote; cite the source instead.
  const message = parsed.error.message.replace(/on line (\d+)/, (_, n: string) => `in ${where(Number(n))}`)
  return { ok: false, error: { location: where(parsed.error.line), message } }
}

/** Heading styles may number sections any way (`A.`, `1.`); plain paragraphs
 *  only with roman numerals, since `1.` there is a numbered paragraph. */
const styledHeadingPattern = /^([^\s.]+)\.(?:\s+(.*))?$/

function headingOf(p: SourceParagraph): { numeral: string; title: string } | null {
  if (typeof p.role === 'number') return null
  const m = (p.role === 'heading' ? styledHeadingPattern : headingPattern).exec(p.plain.trim())
  return m ? { numeral: m[1], title: (m[2] ?? '').trim() } : null
}

/** The notation lines for one clause paragraph (none for an empty one). */
function clauseLines(p: SourceParagraph, warnings: ImportIssue[]): { text: string; location: string }[] {
  let text = p.source.trim()
  if (text === '' && p.role !== 0) return []
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
  if (p.role !== 0 && (line.kind === 'paragraph' || line.kind === 'sub')) {
    const indent = typeof p.role === 'number' ? indentByLevel[p.role] : p.indent
    return [{ text: `${' '.repeat(indent)}${[text, block].filter(Boolean).join(' ')}`, location: p.location }]
  }
  if (line.kind === 'bad-number' && p.role !== 0) {
    warnings.push({
      location: p.location,
      message: `unknown numbering '${line.label}': kept as an unnumbered paragraph`,
    })
  }
  // Unnumbered text must not read as a number, heading or comment line.
  if (text !== '' && line.kind !== 'text') text = `\\${text}`
  return [
    { text: '', location: p.location },
    { text: [text, block].filter(Boolean).join(' ') || '{}', location: p.location },
  ]
}

function idOf(p: SourceParagraph, warnings: ImportIssue[]): string | null {
  if (p.id === null || /^[\w:.-]+$/.test(p.id)) return p.id
  warnings.push({ location: p.location, message: `clause id '${p.id}' is not a valid id: left out` })
  return null
}
