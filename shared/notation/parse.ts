import type { Node } from 'prosemirror-model'
import { schema, type DocMeta } from '../schema/schema'
import { ClauseNumberer, letterIndex, romanValue } from '../schema/numbering'
import type { ClauseLevel } from '../schema/nodes'
import { checkAttribute } from '../schema/rules'
import { classifyLine, type Line } from './lines'
import { readClauseText } from './inline'
import { spanError } from './spans'

/** Where and why the notation could not be read. Lines and columns count from 1. */
export interface NotationError {
  line: number
  column: number
  message: string
}

export type ParseResult = { ok: true; doc: Node } | { ok: false; error: NotationError }

/** Formats an error the way compilers do: `FILE:LINE:COL: message`. */
export function formatNotationError(file: string, error: NotationError): string {
  return `${file}:${error.line}:${error.column}: ${error.message}`
}

/** A piece of clause source and where it sits in the file. */
interface Segment {
  text: string
  line: number
  column: number
}

interface PendingClause {
  level: ClauseLevel
  label: string | null
  number: string
  segments: Segment[]
  /** `[` written before the clause (before its number, or on a line of their own). */
  spanOpen: number
}
interface PendingSection {
  numeral: string
  title: string
  line: number
  clauses: PendingClause[]
}

class Fail {
  constructor(readonly error: NotationError) {}
}
const fail = (line: number, column: number, message: string): never => {
  throw new Fail({ line, column, message })
}

/** How to read a text that came from outside: `recover` receives each
 *  number or section heading used twice, and the text is read on with that
 *  line as an unnumbered paragraph that keeps its label as text. */
export interface ParseOptions {
  recover?: (problem: NotationError) => void
}

/** Reads a document written in the rolling-text notation (see README). Either
 *  the whole document comes back or the first error; nothing half-read. */
export function parseNotation(source: string, options: ParseOptions = {}): ParseResult {
  try {
    return { ok: true, doc: build(source.replace(/^\uFEFF/, '').split(/\r?\n/), options.recover) }
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.error }
    throw e
  }
}

function build(raw: string[], recover: ParseOptions['recover']): Node {
  const lines = raw.map(classifyLine)
  const meta: DocMeta = {}
  const sections: PendingSection[] = []
  let section: PendingSection | null = null
  let numberer = new ClauseNumberer()
  let clause: PendingClause | null = null
  let subIndent = -1
  const seen = new Map<string, number>()
  /** `[` lines waiting for the clause they open before, and where the first stands. */
  let spanLine = { count: 0, line: 0 }
  const noSpanWaiting = () => {
    if (spanLine.count) fail(spanLine.line, 1, "a '[' line must be followed by a paragraph of its section")
  }

  const open = (
    lineNo: number,
    level: ClauseLevel,
    given: string | null,
    text: string,
    column: number,
    spans = 0,
  ): void => {
    if (!section) {
      fail(lineNo, 1, "a clause before any section heading: start a section with '# I. Title'")
      return
    }
    const label = given === null || given === numberer.expected(level) ? null : given
    const numbered = numberer.next(level, label)
    const key = `${section.numeral}.${numbered.number}`
    if (seen.has(key)) {
      const problem = { line: lineNo, column: 1, message: `${key} is numbered twice (first on line ${seen.get(key)})` }
      if (!recover) fail(problem.line, problem.column, problem.message)
      else {
        recover(problem)
        open(lineNo, 0, null, `${numbered.display} ${text}`, column, spans)
        return
      }
    }
    const number = numbered.number
    seen.set(key, lineNo)
    clause = { level, label, number, segments: [{ text, line: lineNo, column }], spanOpen: spans + spanLine.count }
    spanLine = { count: 0, line: 0 }
    section.clauses.push(clause)
  }

  lines.forEach((line, index) => {
    const lineNo = index + 1
    switch (line.kind) {
      case 'blank':
        clause = null
        break
      case 'comment':
        break
      case 'meta':
        meta[line.key] = line.value
        break
      case 'section-error':
        fail(lineNo, 1, line.message)
        break
      case 'bad-number':
        fail(lineNo, raw[index].indexOf(line.label) + 1, `unknown numbering '${line.label}': use 1., 4bis., (a), (i)`)
        break
      case 'span-open':
        if (!section) fail(lineNo, 1, "a '[' before any section heading: start a section with '# I. Title'")
        clause = null
        if (!spanLine.count) spanLine.line = lineNo
        spanLine.count += line.count
        break
      case 'section':
        noSpanWaiting()
        if (sections.some((s) => s.numeral === line.numeral)) {
          if (!recover || !section) fail(lineNo, 1, `section ${line.numeral} appears twice`)
          recover?.({ line: lineNo, column: 1, message: `section ${line.numeral} appears twice` })
          open(lineNo, 0, null, `${line.numeral}. ${line.title}`.trim(), 1)
          break
        }
        section = { numeral: line.numeral, title: line.title, line: lineNo, clauses: [] }
        sections.push(section)
        numberer = new ClauseNumberer()
        seen.clear()
        clause = null
        subIndent = -1
        break
      case 'paragraph':
        open(lineNo, 1, line.label, line.text, line.textAt + 1, line.spanOpen)
        subIndent = -1
        break
      case 'sub': {
        const level = subLevel(line, numberer, subIndent, nextSubToken(lines, index))
        if (level === null)
          fail(lineNo, line.indent + 1, `unknown numbering '(${line.token})': use (a), (aa), (A) or (i)`)
        else {
          if (level === 2) subIndent = line.indent
          open(lineNo, level, line.token, line.text, line.textAt + 1, line.spanOpen)
        }
        break
      }
      case 'text':
        if (!section) fail(lineNo, 1, "text before any section heading: start a section with '# I. Title'")
        if (clause) (clause as PendingClause).segments.push({ text: line.text, line: lineNo, column: line.textAt + 1 })
        else open(lineNo, 0, null, line.text, line.textAt + 1)
        break
    }
  })
  noSpanWaiting()
  if (sections.length === 0) fail(raw.length, 1, "no sections: a document needs at least one '# I. Title' line")
  return schema.node('doc', { meta }, sections.map(buildSection))
}

/** Decides whether `(token)` is a lettered (2) or roman (3) sub-paragraph.
 *  Deeper indentation than the last lettered line means roman; otherwise the
 *  label the sequence expects wins, and `(i)` that both expect is roman only
 *  when `(ii)` follows. */
function subLevel(
  line: Extract<Line, { kind: 'sub' }>,
  numberer: ClauseNumberer,
  subIndent: number,
  next: string | null,
): 2 | 3 | null {
  const token = line.token.toLowerCase()
  const letter = letterIndex(token) !== null
  const roman = romanValue(token) !== null
  if (!letter) return roman ? 3 : null
  if (!roman) return 2
  if (subIndent >= 0 && line.indent > subIndent) return 3
  const asLetter = token === numberer.expected(2)
  const asRoman = token === numberer.expected(3)
  if (asLetter && asRoman) return next === 'ii' ? 3 : 2
  return asRoman ? 3 : 2
}

function nextSubToken(lines: Line[], index: number): string | null {
  for (let i = index + 1; i < lines.length; i++) {
    const line = lines[i]
    if (line.kind === 'sub') return line.token.toLowerCase()
    if (line.kind === 'paragraph' || line.kind === 'section') return null
  }
  return null
}

/** Fails at `line` when an attribute value breaks the schema's rules (an id
 *  or label too long, say), so the parser never builds a node it refuses. */
function checkValue(line: number, node: string, name: string, value: unknown): void {
  const breach = checkAttribute(node, name, value)
  if (breach) fail(line, 1, breach.message)
}

function buildSection(section: PendingSection): Node {
  checkValue(section.line, 'section', 'numeral', section.numeral)
  const title = section.title ? [schema.text(section.title)] : []
  const clauses = section.clauses.map((c) => buildClause(section.numeral, c))
  const spans = spanError(
    section.numeral,
    section.clauses.map((c) => c.segments),
    clauses,
  )
  if (spans) fail(spans.line, spans.column, spans.message)
  return schema.node('section', { numeral: section.numeral }, [schema.node('section_title', null, title), ...clauses])
}

function buildClause(numeral: string, clause: PendingClause): Node {
  const { source, locate } = join(clause.segments)
  const inline = readClauseText(source, clause.level === 0)
  if ('message' in inline) {
    const at = locate(inline.offset)
    return fail(at.line, at.column, inline.message)
  }
  const attrs = inline.attributes
  let status: 'open' | 'adref' = 'open'
  for (const c of attrs?.classes ?? []) {
    if (c !== 'adref')
      fail(clause.segments[0].line, 1, `unknown clause class '.${c}' in ${numeral}.${clause.number}: only .adref`)
    status = 'adref'
  }
  if (attrs && Object.keys(attrs.pairs).length) fail(clause.segments[0].line, 1, 'a clause takes only {#id .adref}')
  checkValue(clause.segments[0].line, 'clause', 'id', attrs?.id ?? null)
  checkValue(clause.segments[0].line, 'clause', 'label', clause.label)
  checkValue(clause.segments[0].line, 'clause', 'spanOpen', clause.spanOpen)
  checkValue(clause.segments[0].line, 'clause', 'spanClose', inline.spanClose)
  return schema.node(
    'clause',
    {
      id: attrs?.id ?? null,
      level: clause.level,
      label: clause.label,
      status,
      spanOpen: clause.spanOpen,
      spanClose: inline.spanClose,
    },
    trimEnds(inline.content),
  )
}

/** Clause text never starts or ends with white space, escaped or not. */
function trimEnds(content: Node[]): Node[] {
  const out = [...content]
  const trim = (i: number, how: 'trimStart' | 'trimEnd') => {
    if (!out[i]?.isText) return
    const text = (out[i].text ?? '')[how]()
    if (text) out[i] = schema.text(text)
    else out.splice(i, 1)
  }
  trim(0, 'trimStart')
  trim(out.length - 1, 'trimEnd')
  return out
}

/** Joins continuation lines with one space and maps offsets back to lines. */
function join(segments: Segment[]) {
  let source = ''
  const starts: number[] = []
  for (const s of segments) {
    if (source !== '') source += ' '
    starts.push(source.length)
    source += s.text
  }
  const locate = (offset: number) => {
    let i = starts.length - 1
    while (i > 0 && starts[i] > offset) i--
    return { line: segments[i].line, column: segments[i].column + Math.max(0, offset - starts[i]) }
  }
  return { source, locate }
}
