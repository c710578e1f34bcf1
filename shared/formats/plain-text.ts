import { classifyLine } from '../notation/lines'
import { parseNotation } from '../notation/parse'
import { escapeInline, interpretParagraphs, isHeadingText, type ImportResult, type SourceParagraph } from './paragraphs'

/** Whether a text file is written in the rolling-text notation (it has
 *  `# I. Title` headings) rather than as a plain UN-style text. */
export function looksLikeNotation(text: string): boolean {
  return /^\s*#\s*[^\s.]+\./m.test(text)
}

/** Reads a plain UN-style text, as copied out of a PDF or a word processor:
 *  `I. Title` headings, `1.` paragraphs, `(a)` and `(i)` sub-paragraphs, square
 *  brackets. A line that starts none of these continues the paragraph above
 *  it unless a blank line separates them. */
export function importPlainText(text: string): ImportResult {
  const paragraphs: SourceParagraph[] = []
  let afterBlank = true
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = raw.replace(/\t/g, '    ')
      const trimmed = line.trim()
      if (trimmed === '') {
        afterBlank = true
        return
      }
      const last = paragraphs[paragraphs.length - 1]
      if (last && !afterBlank && classifyLine(trimmed).kind === 'text' && !isHeadingText(trimmed)) {
        last.plain += ` ${trimmed}`
        last.source += ` ${escapeInline(trimmed)}`
      } else {
        const indent = line.length - line.trimStart().length
        paragraphs.push({
          location: `line ${index + 1}`,
          plain: trimmed,
          source: escapeInline(trimmed),
          role: null,
          indent,
          id: null,
          adref: false,
        })
      }
      afterBlank = false
    })
  return interpretParagraphs({ paragraphs, meta: null, warnings: [] })
}

/** Reads a text file in either form: the notation (see README) or a plain
 *  UN-style text. Errors in the notation cite `line L, column C`. */
export function importText(text: string): ImportResult {
  if (!looksLikeNotation(text)) return importPlainText(text)
  const parsed = parseNotation(text)
  if (parsed.ok) return { ok: true, doc: parsed.doc, warnings: [] }
  const { line, column, message } = parsed.error
  return { ok: false, error: { location: `line ${line}, column ${column}`, message } }
}
