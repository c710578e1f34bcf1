/** What one line of the notation is, before any context is applied. */
export type Line =
  | { kind: 'blank' }
  | { kind: 'meta'; key: string; value: string }
  | { kind: 'comment' }
  | { kind: 'section'; numeral: string; title: string }
  | { kind: 'section-error'; message: string }
  /** `1.`, `4bis.`, `4 ter.`: a numbered paragraph; `textAt` is the column
   *  (0-based) where its text starts; `spanOpen` counts the `[` written
   *  before its number (`[3.`: a bracket spanning paragraphs opens). */
  | { kind: 'paragraph'; label: string; text: string; textAt: number; spanOpen: number }
  /** `(a)`, `(ii)`, `(A)`: a sub-paragraph whose level depends on context. */
  | { kind: 'sub'; token: string; indent: number; text: string; textAt: number; spanOpen: number }
  /** A line of `[` alone: brackets spanning paragraphs open before the next
   *  clause (the way to open one before an unnumbered paragraph, whose own
   *  leading `[` is an inline bracket). */
  | { kind: 'span-open'; count: number }
  | { kind: 'bad-number'; label: string }
  | { kind: 'text'; text: string; textAt: number }

const paragraphStart = /^(\d+(?: ?[a-z]+)?)\.(?:\s+|$)/
const subStart = /^\(([a-zA-Z]+)\)(?:\s+|$)/
/** Things that look like numbering but are none we know: `1)`, `1.2.`, `(1)`. */
const numberLike = /^(\d+[.)]\S*|\(\w{1,8}\))(?:\s|$)/

/** Classifies a line on its own; the parser resolves levels in context. */
export function classifyLine(raw: string): Line {
  const indent = raw.length - raw.trimStart().length
  const line = raw.trim()
  if (line === '') return { kind: 'blank' }
  if (line.startsWith('%')) {
    const meta = /^%\s*([A-Za-z][\w-]*):\s*(.*)$/.exec(line)
    return meta ? { kind: 'meta', key: meta[1], value: meta[2] } : { kind: 'comment' }
  }
  if (line.startsWith('#')) {
    const section = /^#\s*([^\s.]+)\.(?:\s+(.*))?$/.exec(line)
    if (!section) return { kind: 'section-error', message: "a section heading reads '# I. Title'" }
    return { kind: 'section', numeral: section[1], title: section[2] ?? '' }
  }
  if (/^\[+$/.test(line)) return { kind: 'span-open', count: line.length }
  const spanOpen = /^\[*/.exec(line)?.[0].length ?? 0
  const numbered = line.slice(spanOpen)
  const at = indent + spanOpen
  const paragraph = paragraphStart.exec(numbered)
  if (paragraph) {
    const text = numbered.slice(paragraph[0].length)
    return { kind: 'paragraph', label: paragraph[1], text, textAt: at + paragraph[0].length, spanOpen }
  }
  const sub = subStart.exec(numbered)
  if (sub && isSubLabel(sub[1])) {
    const text = numbered.slice(sub[0].length)
    return { kind: 'sub', token: sub[1], indent, text, textAt: at + sub[0].length, spanOpen }
  }
  // `[` before text that is no number is an inline bracket.
  if (spanOpen) return { kind: 'text', text: line, textAt: indent }
  const odd = numberLike.exec(line)
  if (odd) return { kind: 'bad-number', label: odd[1] }
  return { kind: 'text', text: line, textAt: indent }
}

/** A lettered label (`a`, `bb`, `A`) or a roman one (`iv`). */
function isSubLabel(token: string): boolean {
  return /^([a-zA-Z])\1*$/.test(token) || /^[ivxlcdm]+$/i.test(token)
}

/** Unnumbered paragraph text as a line that reads as text, not as a number,
 *  heading or comment: a backslash before the first character that would
 *  (after any `[` of inline brackets it starts with, which must stay). */
export function asUnnumberedLine(text: string): string {
  if (text === '' || classifyLine(text).kind === 'text') return text
  const lead = /^\[*/.exec(text)?.[0].length ?? 0
  return `${text.slice(0, lead)}\\${text.slice(lead)}`
}
