import { newRef, oldRef, shownRef } from './refs'
import { describeBracketChange, describeSpanChange, describeStatus } from './describe'
import { headingText, layoutComparison } from './layout'
import type { ClauseChange, ReadingDiff, WordEdit } from './types'

/** Options for the terminal redline. */
export interface TextRenderOptions {
  /** ANSI colour (red struck deletions, green underlined insertions); without
   *  it deletions read `{--…--}` and insertions `{++…++}` (CriticMarkup: wdiff's
   *  `[-…-]` would be lost among the text's own brackets). */
  colour: boolean
  /** List unchanged clauses one by one instead of folding them into a count. */
  all?: boolean
  oldName?: string
  newName?: string
}

const ansi = { red: '\x1b[31;9m', green: '\x1b[32;4m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m' }

function paint(text: string, style: keyof typeof ansi, colour: boolean): string {
  return colour ? `${ansi[style]}${text}${ansi.reset}` : text
}

/** A clause's edits as one line of redline. */
export function redlineText(edits: readonly WordEdit[], colour: boolean): string {
  return edits
    .map((e) => {
      if (e.op === 'equal') return e.text
      if (colour) return paint(e.text, e.op === 'delete' ? 'red' : 'green', true)
      return e.op === 'delete' ? `{--${e.text}--}` : `{++${e.text}++}`
    })
    .join('')
}

const marks: Record<ClauseChange['type'], string> = {
  added: '+',
  deleted: '-',
  modified: '~',
  moved: '>',
  unchanged: '=',
}

function heading(change: ClauseChange): string {
  const where =
    change.old && change.new && change.old.key !== change.new.key
      ? `${change.old.key} → ${change.new.key}`
      : shownRef(change).key
  const notes = [
    change.type,
    ...change.tags,
    change.splitFrom ? `split from ${change.splitFrom}` : '',
    change.mergedInto ? `merged into ${change.mergedInto}` : '',
  ].filter(Boolean)
  return `${marks[change.type]} ${where} (${notes.join(', ')})`
}

function detailLines(change: ClauseChange): string[] {
  const status = describeStatus(change)
  return [
    ...(status ? [`    status: ${status}`] : []),
    ...change.brackets.map((b) => `    brackets: ${describeBracketChange(b)}`),
  ]
}

/** The comparison as a readable redline for a terminal: a summary, then each
 *  section's changes; unchanged clauses folded into a count unless `all`. */
export function renderDiffText(diff: ReadingDiff, options: TextRenderOptions): string {
  const { colour } = options
  const s = diff.summary
  const lines = [
    paint(`Comparing ${options.oldName ?? 'old'} → ${options.newName ?? 'new'}`, 'bold', colour),
    `${s.added} added, ${s.deleted} deleted, ${s.modified} modified, ${s.moved} moved, ${s.unchanged} unchanged; brackets ${s.brackets.old} → ${s.brackets.new}`,
  ]
  let folded = 0
  const flush = () => {
    if (folded) lines.push(paint(`  … ${folded} unchanged`, 'dim', colour))
    folded = 0
  }
  for (const item of layoutComparison(diff)) {
    if (item.kind === 'change' && item.change.type === 'unchanged' && !options.all) {
      folded++
      continue
    }
    flush()
    if (item.kind === 'section') lines.push('', paint(headingText(item), 'bold', colour))
    else if (item.kind === 'moved-from')
      lines.push(paint(`  < ${oldRef(item.change).key} moved to ${newRef(item.change).key}`, 'dim', colour))
    else
      lines.push(
        `  ${heading(item.change)}`,
        `    ${redlineText(item.change.edits, colour)}`,
        ...detailLines(item.change),
      )
  }
  flush()
  if (diff.spans?.length) {
    lines.push('', paint('Brackets across paragraphs', 'bold', colour))
    for (const c of diff.spans) lines.push(`  ${describeSpanChange(c)}`)
  }
  lines.push(...renumberedLines(diff, colour))
  return `${lines.join('\n')}\n`
}

/** The "Renumbered" table (D11) and the references it makes stale (D12). */
function renumberedLines(diff: ReadingDiff, colour: boolean): string[] {
  const moved = diff.numbering.filter((n) => n.old !== n.new)
  const lines: string[] = []
  if (moved.length) {
    lines.push('', paint('Renumbered', 'bold', colour))
    for (const n of moved) lines.push(`  ${n.old} → ${n.new}  ${n.excerpt}`)
  }
  if (diff.references.length) {
    lines.push('', paint('References to check', 'bold', colour))
    for (const r of diff.references) {
      const fix = r.proposed ? `read “${r.proposed}”` : `${r.cited} was deleted`
      lines.push(`  ${r.in}: “${r.text}” cites ${r.cited}, now ${r.now ?? 'deleted'}: ${fix}`)
    }
  }
  return lines
}
