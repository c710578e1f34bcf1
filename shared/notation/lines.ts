/** What one line of the notation is, before any context is applied. */
export type Line =
  | { kind: 'blank' }
  | { kind: 'meta'; key: string; value: string }
  | { kind: 'comment' }
  | { kind: 'section'; numeral: string; title: string }
  | { kind: 'section-error'; message: string }
  /** `1.`, `4bis.`, `4 ter.`: a numbered paragraph; `textAt` is the column
   *  (0-based) where its text starts. */
  | { kind: 'paragraph'; label: string; text: string; textAt: number }
  /** `(a)`, `(ii)`, `(A)`: a sub-paragraph whose level depends on context. */
  | { kind: 'sub'; token: string; indent: number; text: string; textAt: number }
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
  const paragraph = paragraphStart.exec(line)
  if (paragraph) {
    return {
      kind: 'paragraph',
      label: paragraph[1],
      text: line.slice(paragraph[0].length),
      textAt: indent + paragraph[0].length,
    }
  }
  const sub = subStart.exec(line)
  if (sub && isSubLabel(sub[1])) {
    return { kind: 'sub', token: sub[1], indent, text: line.slice(sub[0].length), textAt: indent + sub[0].length }
  }
  const odd = numberLike.exec(line)
  if (odd) return { kind: 'bad-number', label: odd[1] }
  return { kind: 'text', text: line, textAt: indent }
}

/** A lettered label (`a`, `bb`, `A`) or a roman one (`iv`). */
function isSubLabel(token: string): boolean {
  return /^([a-zA-Z])\1*$/.test(token) || /^[ivxlcdm]+$/i.test(token)
}
