import { describeBracketChange, describeStatus } from './describe'
import { escapeHtml, redlineHtml } from './render-html'
import type { ClauseChange, ReadingDiff, WordEdit } from './types'

/** Changes a compilation table can leave out (SPEC.md D15). */
export type CompilationOmit = 'editorial' | 'renumbered'

export const compilationOmits: readonly CompilationOmit[] = ['editorial', 'renumbered']

/** One row of the compilation table: the clause as it stood, as it stands,
 *  and what changed. */
export interface CompilationRow {
  change: ClauseChange
  /** The old text's runs (`equal` and `delete`), empty for an added clause. */
  old: WordEdit[]
  /** The new text's runs (`equal` and `insert`), empty for a deleted clause. */
  new: WordEdit[]
  /** What changed, in words, one line each. */
  notes: string[]
}

/** Only a renumbering: the same text and status under another number. */
const renumberedOnly = (c: ClauseChange) => c.type === 'unchanged' && c.renumbered
/** Only editorial: punctuation, quotes, case or accents, nothing else. */
const editorialOnly = (c: ClauseChange) =>
  c.type === 'modified' && c.tags.length === 1 && c.tags[0] === 'editorial' && !c.brackets.length

/** The rows of the side-by-side table secretariats circulate: every clause
 *  that changed, or was only renumbered, in the new reading's order; the
 *  omitted kinds left out. */
export function compilationRows(diff: ReadingDiff, omit: readonly CompilationOmit[] = []): CompilationRow[] {
  return diff.changes
    .filter((c) => c.type !== 'unchanged' || c.renumbered)
    .filter((c) => !(omit.includes('renumbered') && renumberedOnly(c)))
    .filter((c) => !(omit.includes('editorial') && editorialOnly(c)))
    .map((change) => ({
      change,
      old: change.old ? sideOf(change, 'delete') : [],
      new: change.new ? sideOf(change, 'insert') : [],
      notes: notesOf(change),
    }))
}

function sideOf(change: ClauseChange, op: 'delete' | 'insert'): WordEdit[] {
  const ref = op === 'delete' ? change.old : change.new
  if (change.type === 'unchanged' || !change.edits.length) return ref?.text ? [{ op: 'equal', text: ref.text }] : []
  return change.edits.filter((e) => e.op === 'equal' || e.op === op)
}

function notesOf(change: ClauseChange): string[] {
  const where =
    change.old && change.new && change.old.key !== change.new.key ? `${change.old.key} → ${change.new.key}` : ''
  const head =
    change.type === 'unchanged'
      ? `renumbered ${where}`
      : [change.type, where, change.tags.filter((t) => t !== 'status').join(', ')].filter(Boolean).join(' · ')
  const status = describeStatus(change)
  return [
    head,
    ...(status ? [status] : []),
    ...(change.splitFrom ? [`split from ${change.splitFrom}`] : []),
    ...(change.mergedInto ? [`merged into ${change.mergedInto}`] : []),
    ...change.brackets.map(describeBracketChange),
  ]
}

/** What the table leaves out, in words, for its heading. */
export function omittedNote(omit: readonly CompilationOmit[]): string {
  const names = omit.map((o) => (o === 'editorial' ? 'editorial-only changes' : 'renumbering-only changes'))
  return names.length ? `Leaves out ${names.join(' and ')}.` : ''
}

/** The compilation table as a standalone HTML page (old | new | what changed). */
export function renderCompilationHtml(
  diff: ReadingDiff,
  options: { oldName?: string; newName?: string; omit?: readonly CompilationOmit[] } = {},
): string {
  const oldName = options.oldName ?? 'Old reading'
  const newName = options.newName ?? 'New reading'
  const omit = options.omit ?? []
  const rows = compilationRows(diff, omit)
    .map((row) => {
      const key = (side: 'old' | 'new') => {
        const ref = row.change[side]
        return ref ? `<b>${escapeHtml(ref.key)}</b> ` : ''
      }
      return (
        `<tr class="${row.change.type}"><td dir="auto">${key('old')}${redlineHtml(row.old)}</td>` +
        `<td dir="auto">${key('new')}${redlineHtml(row.new)}</td>` +
        `<td>${row.notes.map((n) => `<div>${escapeHtml(n)}</div>`).join('')}</td></tr>`
      )
    })
    .join('\n')
  const title = `Compilation: ${oldName} → ${newName}`
  const note = omittedNote(omit)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${styles}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}
<table class="compilation"><thead><tr><th scope="col">${escapeHtml(oldName)}</th><th scope="col">${escapeHtml(newName)}</th><th scope="col">What changed</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="3">No clause changed.</td></tr>'}
</tbody></table>
</body></html>
`
}

const styles = `
body { font: 14px/1.45 Georgia, 'Noto Serif', serif; margin: 1.5rem; color: #1a1a1a; }
table.compilation { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.compilation th, table.compilation td { border: 1px solid #bbb; padding: .35rem .5rem; vertical-align: top; text-align: start; }
table.compilation th:nth-child(3), table.compilation td:nth-child(3) { width: 22%; font: 12px/1.4 system-ui, sans-serif; color: #444; }
thead { display: table-header-group; } tr { break-inside: avoid; }
ins { color: #1b5e20; background: #e8f5e9; text-decoration: underline; } del { color: #b71c1c; background: #ffebee; text-decoration: line-through; }
.note { font: 12px system-ui, sans-serif; color: #555; }
@page { size: A4 landscape; margin: 1.5cm; }
`
