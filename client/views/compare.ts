import type { ClauseChange, ClauseRef, DiffSummary, ReadingDiff, WordEdit } from '../../shared/diff/types'
import { letterIndex, romanValue } from '../../shared/schema/numbering'
import { h, type Child } from '../dom'

/** Names of the two sides being compared, for headings and the print title. */
export interface ComparedSides { from: string; to: string }

/** A clause that moved leaves a marker where it stood in the old reading,
 *  linking to where it went (and the moved clause links back here). */
interface MovedAway { kind: 'moved-away'; change: ClauseChange }
type Entry = ClauseChange | MovedAway

const anchorOld = (ref: ClauseRef) => `was-${ref.key}`
const anchorNew = (ref: ClauseRef) => `now-${ref.key}`

/** The clause-by-clause comparison: a summary bar, then every clause in
 *  reading order; runs of unchanged clauses are folded. Pure: the same diff
 *  always gives the same DOM, and it prints as shown. */
export function renderComparison(diff: ReadingDiff, sides: ComparedSides): HTMLElement {
  return h('article', { 'class': 'rt-comparison', 'aria-label': `Comparison of ${sides.from} with ${sides.to}` },
    h('h2', { class: 'rt-comparison-title' }, 'Changes from ', h('b', {}, sides.from), ' to ', h('b', {}, sides.to)),
    renderSummary(diff.summary),
    diff.alignedBy === 'content' && h('p', { class: 'rt-note' }, 'Clauses were matched by their wording (one side came from a file without clause ids).'),
    renderEntries(withMovedMarkers(diff.changes)))
}

/** Totals, then counts and bracket totals for each section. */
export function renderSummary(summary: DiffSummary): HTMLElement {
  const counts = (c: DiffSummary | DiffSummary['sections'][number]) => [
    countCell(c.modified, 'modified'), countCell(c.added, 'added'), countCell(c.deleted, 'deleted'),
    countCell(c.moved, 'moved'), countCell(c.unchanged, 'unchanged'),
    h('td', { class: 'rt-brackets-cell' }, `${c.brackets.old} → ${c.brackets.new}`),
  ]
  return h('section', { 'class': 'rt-summary', 'aria-label': 'Summary of changes' },
    h('table', { class: 'rt-summary-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Section'), ['Modified', 'Added', 'Deleted', 'Moved', 'Unchanged', 'Brackets'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, summary.sections.map((s) => h('tr', {}, h('th', { scope: 'row', title: s.title }, s.numeral), counts(s)))),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Total'), counts(summary)))))
}

const countCell = (n: number, type: string) => h('td', { class: n ? `rt-count-${type}` : 'rt-count-none' }, String(n))

/** Inserts, for each moved clause, a marker at its old place in the order. */
function withMovedMarkers(changes: ClauseChange[]): Entry[] {
  const entries: Entry[] = []
  const pending = changes.filter((c) => c.type === 'moved' && c.old && c.new).sort((a, b) => compareKeys(a.old!, b.old!))
  for (const change of changes) {
    const stays = change.type !== 'moved' && change.old
    while (stays && pending.length && compareKeys(pending[0].old!, change.old!) < 0) entries.push({ kind: 'moved-away', change: pending.shift()! })
    entries.push(change)
  }
  for (const change of pending) entries.push({ kind: 'moved-away', change })
  return entries
}

/** Orders clause keys as they stand in a reading: section, then paragraph,
 *  letter and roman parts. Only used to place moved-away markers. */
export function compareKeys(a: ClauseRef, b: ClauseRef): number {
  const bySection = (romanValue(a.section) ?? 0) - (romanValue(b.section) ?? 0) || a.section.localeCompare(b.section)
  if (bySection !== 0) return bySection
  const pa = keyParts(a.number)
  const pb = keyParts(b.number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1)
    if (d !== 0) return d
  }
  return 0
}

/** `4bis(c)(ii)` → [4.5, 3, 2]; an unnumbered `u2` sorts before paragraph 1. */
function keyParts(number: string): number[] {
  if (/^u\d+$/.test(number)) return [Number(number.slice(1)) / 1000]
  const [head, ...subs] = number.split('(').map((p) => p.replace(')', ''))
  const paragraph = /^(\d+)(.*)$/.exec(head)
  const parts = [paragraph ? Number(paragraph[1]) + (paragraph[2] ? 0.5 : 0) : 0]
  subs.forEach((sub, i) => parts.push((i === 0 ? letterIndex(sub) : romanValue(sub)) ?? 0))
  return parts
}

/** The list of changes, folding each run of unchanged clauses. */
function renderEntries(entries: Entry[]): HTMLElement {
  const out: Child[] = []
  let run: ClauseChange[] = []
  const flush = () => {
    if (run.length) out.push(renderFold(run))
    run = []
  }
  for (const entry of entries) {
    if ('kind' in entry) { flush(); out.push(renderMovedAway(entry.change)); continue }
    if (entry.type === 'unchanged') { run.push(entry); continue }
    flush()
    out.push(renderChange(entry))
  }
  flush()
  return h('div', { class: 'rt-changes' }, out)
}

function renderFold(run: ClauseChange[]): HTMLElement {
  const first = run[0].new!.key
  const last = run[run.length - 1].new!.key
  const renumbered = run.filter((c) => c.renumbered).length
  return h('details', { class: 'rt-fold' },
    h('summary', {}, `${run.length} unchanged clause${run.length === 1 ? '' : 's'}: ${first === last ? first : `${first} – ${last}`}`,
      renumbered ? h('span', { class: 'rt-note' }, ` (${renumbered} renumbered)`) : null),
    run.map(renderChange))
}

const typeLabels: Record<ClauseChange['type'], string> = {
  added: 'Added', deleted: 'Deleted', modified: 'Modified', moved: 'Moved', unchanged: 'Unchanged',
}

/** One clause: its key (old → new when renumbered), what happened, and the text. */
export function renderChange(change: ClauseChange): HTMLElement {
  const ref = change.new ?? change.old!
  return h('section', {
    'class': `rt-change rt-${change.type}`,
    'id': change.new ? anchorNew(change.new) : anchorOld(change.old!),
    'data-key': ref.key,
    'aria-label': `${ref.key} ${typeLabels[change.type]}`,
  },
  h('header', { class: 'rt-change-head' },
    h('span', { class: 'rt-change-key' }, keyLabel(change)),
    h('span', { class: `rt-badge rt-badge-${change.type}` }, typeLabels[change.type]),
    change.tags.map((tag) => h('span', { class: `rt-tag rt-tag-${tag}` }, tag)),
    change.type === 'moved' && change.old && h('a', { class: 'rt-moved-link', href: `#${anchorOld(change.old)}` }, `moved from ${change.old.key}`),
    change.splitFrom && h('span', { class: 'rt-note' }, `split from ${change.splitFrom}`),
    change.mergedInto && h('span', { class: 'rt-note' }, `merged into ${change.mergedInto}`)),
  h('p', { class: 'rt-change-text', dir: 'auto' }, changeText(change)),
  change.brackets.length > 0 && h('ul', { class: 'rt-bracket-changes', 'aria-label': 'Bracket changes' },
    change.brackets.map((b) => h('li', {}, describeBracketChange(b)))))
}

function keyLabel(change: ClauseChange): string {
  if (change.old && change.new && change.old.key !== change.new.key) return `${change.old.key} → ${change.new.key}`
  return (change.new ?? change.old!).key
}

/** The text to show: word edits when there are any, else the whole clause,
 *  as inserted (added) or deleted (deleted) text. */
function changeText(change: ClauseChange): Child[] {
  if (change.edits.length && change.type !== 'unchanged') return change.edits.map(renderEdit)
  if (change.type === 'added') return [h('ins', {}, change.new!.text)]
  if (change.type === 'deleted') return [h('del', {}, change.old!.text)]
  return [(change.new ?? change.old!).text]
}

/** One run of a word-level diff: `ins` and `del` carry meaning for screen
 *  readers and print with underline and strike-through. */
export function renderEdit(edit: WordEdit): Child {
  if (edit.op === 'insert') return h('ins', {}, edit.text)
  if (edit.op === 'delete') return h('del', {}, edit.text)
  return edit.text
}

function describeBracketChange(change: ClauseChange['brackets'][number]): string {
  switch (change.kind) {
    case 'resolved': return `${change.group} resolved: “${change.kept}” kept`
    case 'dropped': return `${change.group} dropped`
    case 'added': return `${change.group} added`
    case 'options-dropped': return `${change.group} lost ${change.options.join(', ')}; now ${change.now}`
    case 'options-added': return `${change.group} gained ${change.options.join(', ')}; now ${change.now}`
  }
}

function renderMovedAway(change: ClauseChange): HTMLElement {
  return h('p', { class: 'rt-moved-away', id: anchorOld(change.old!) },
    `${change.old!.key} moved to `, h('a', { href: `#${anchorNew(change.new!)}` }, change.new!.key))
}
