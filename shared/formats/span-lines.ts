/** Brackets across paragraphs as secretariats type them: a `[` at the start
 *  of one paragraph (before or after its number) that the paragraph never
 *  closes, and a `]` at the end of a later paragraph that it never opened.
 *  The importers read each paragraph on its own; this pairs those brackets
 *  within each section and writes the pairs in the notation's span syntax.
 *  A bracket left without its partner stays as a literal character, with a
 *  warning, so one stray bracket never loses the document. */
import type { ImportIssue } from './paragraphs'

/** A clause line's brackets that its own text does not pair. */
export interface SpanCandidates {
  /** How many `[` open at its start and are never closed in it. */
  opens: number
  /** How many `]` close at its end that it never opened. */
  closes: number
  /** The text without them. */
  core: string
}

/** One line of the notation being built; `span` on a clause line that may open
 *  or close brackets across paragraphs, with how to write it. */
export interface SpanLine {
  text: string
  location: string
  span?: {
    candidates: SpanCandidates
    /** Unnumbered: opening brackets go on a line of their own before it. */
    unnumbered: boolean
    /** The line with `opens` span brackets before its number, `closes` after
     *  its text, and the brackets left unpaired written as literal ones. */
    write: (opens: number, closes: number, literalOpens: number, literalCloses: number) => string
  }
}

const label = /^(?:\d+(?: ?[a-z]+)?\.|\([a-zA-Z]+\))(?=\s|$)/

/** The brackets of a paragraph's notation text (escapes respected) that it
 *  leaves unpaired, when they stand where a span's would: unclosed `[` only
 *  at its start (around its number), unopened `]` only at its end. Null when
 *  there are none, or when they stand elsewhere (a bracket error). */
export function spanCandidates(text: string): SpanCandidates | null {
  const open: number[] = []
  const unopened: number[] = []
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '[') open.push(i)
    else if (text[i] === ']') {
      if (open.length) open.pop()
      else unopened.push(i)
    }
  }
  if (!open.length && !unopened.length) return null
  const lead = leadingEnd(text)
  const trail = /[\]\s]*$/.exec(text)?.index ?? text.length
  if (open.some((i) => i >= lead) || unopened.some((i) => i < trail)) return null
  const drop = new Set([...open, ...unopened])
  const core = Array.from(text, (ch, i) => (drop.has(i) ? '' : ch))
    .join('')
    .replace(/^(\s*)(\S+)\s+/, (m, _s, number: string) => (label.test(number) ? `${number} ` : m))
    .trim()
  return { opens: open.length, closes: unopened.length, core }
}

/** Where the start of a paragraph ends: brackets and spaces, its number,
 *  brackets and spaces again. */
function leadingEnd(text: string): number {
  let i = /^[[\s]*/.exec(text)?.[0].length ?? 0
  const number = label.exec(text.slice(i))
  if (number) i += number[0].length
  return i + (/^[[\s]*/.exec(text.slice(i))?.[0].length ?? 0)
}

/** Pairs the candidates of each section's lines like brackets, and writes
 *  every line: paired ones in the span syntax, unpaired ones as literal
 *  brackets with a warning. */
export function pairSpanLines(lines: readonly SpanLine[], warnings: ImportIssue[]): SpanLine[] {
  const paired = lines.map(() => ({ opens: 0, closes: 0 }))
  let stack: { line: number; left: number }[] = []
  lines.forEach((line, i) => {
    if (line.text.startsWith('# ')) stack = []
    const c = line.span?.candidates
    if (!c) return
    if (c.opens) stack.push({ line: i, left: c.opens })
    for (let k = 0; k < c.closes; k++) {
      const top = stack[stack.length - 1]
      if (!top) break
      paired[top.line].opens++
      paired[i].closes++
      if (--top.left === 0) stack.pop()
    }
  })
  return lines.flatMap((line, i) => {
    if (!line.span) return [line]
    const { opens, closes } = paired[i]
    const { candidates: c, unnumbered, write } = line.span
    if (opens < c.opens || closes < c.closes)
      warnings.push({
        location: line.location,
        message: `a bracket ${opens < c.opens ? 'opened' : 'closed'} here is not ${opens < c.opens ? 'closed' : 'opened'} by another paragraph of its section: kept as a plain-text bracket`,
      })
    const text = write(opens, closes, c.opens - opens, c.closes - closes)
    const own = { text, location: line.location }
    return unnumbered && opens ? [{ text: '['.repeat(opens), location: line.location }, own] : [own]
  })
}
