import { newRef, oldRef } from '../../shared/diff/refs'
import type { ClauseChange, ClauseRef, DiffSummary, ReadingDiff, WordEdit } from '../../shared/diff/types'
import { describeBracketChange, describeSpanChange, describeStatus } from '../../shared/diff/describe'
import { headingText, layoutComparison, type LayoutItem } from '../../shared/diff/layout'
import { h, type Child } from '../dom'
import { referenceFixes, type ReferenceFix } from '../editor/reference-fix'

/** Names of the two sides being compared, for headings and the print title. */
export interface ComparedSides {
  from: string
  to: string
}

/** What the comparison may do beyond showing: write a corrected reference
 *  into the live text (for those who may edit it, when the new side is the
 *  live text). Returns whether it was written. */
export interface ComparisonActions {
  applyReference?: (fix: ReferenceFix) => boolean
}

/** Anchors for links within the comparison; keys like `II.4(c)` become
 *  `II-4-c` so they are also valid CSS selectors. */
const anchorOld = (ref: ClauseRef) => `was-${ref.key.replace(/[^A-Za-z0-9]+/g, '-')}`
const anchorNew = (ref: ClauseRef) => `now-${ref.key.replace(/[^A-Za-z0-9]+/g, '-')}`

/** A clause key as printed: unnumbered paragraphs (`II.u1`) have no number
 *  to cite, so they read `II, unnumbered ¶1`. */
const shown = (ref: ClauseRef) => ref.key.replace(/\.u(\d+)$/, ', unnumbered ¶$1')

/** The clause-by-clause comparison: a summary bar, then every clause in
 *  reading order; runs of unchanged clauses are folded. Pure: the same diff
 *  always gives the same DOM, and it prints as shown. */
export function renderComparison(
  diff: ReadingDiff,
  sides: ComparedSides,
  actions: ComparisonActions = {},
): HTMLElement {
  return h(
    'article',
    { class: 'rt-comparison', 'aria-label': `Comparison of ${sides.from} with ${sides.to}` },
    h('h2', { class: 'rt-comparison-title' }, 'Changes from ', h('b', {}, sides.from), ' to ', h('b', {}, sides.to)),
    renderSummary(diff.summary),
    diff.alignedBy === 'content' &&
      h(
        'p',
        { class: 'rt-note' },
        'Clauses were matched by their wording (one side came from a file without clause ids).',
      ),
    renderItems(layoutComparison(diff)),
    renderSpans(diff),
    renderNumbering(diff, actions),
  )
}

/** The brackets across paragraphs added, resolved, dropped or changed (D16). */
function renderSpans(diff: ReadingDiff): HTMLElement | null {
  // A comparison stored before spans existed has no list.
  if (!diff.spans?.length) return null
  return h(
    'section',
    { class: 'rt-spans', 'aria-label': 'Brackets across paragraphs' },
    h('h3', {}, 'Brackets across paragraphs'),
    h(
      'ul',
      {},
      diff.spans.map((c) => h('li', {}, describeSpanChange(c))),
    ),
  )
}

/** The clauses whose number changed (D11), and the references inside the
 *  text that still cite the old numbers, with the reading to use (D12). */
function renderNumbering(diff: ReadingDiff, actions: ComparisonActions): HTMLElement | null {
  const moved = diff.numbering.filter((n) => n.old !== n.new)
  if (!moved.length && !diff.references.length) return null
  const fixes = actions.applyReference ? referenceFixes(diff) : null
  return h(
    'section',
    { class: 'rt-numbering', 'aria-label': 'Renumbered' },
    moved.length > 0 && [
      h('h3', {}, 'Renumbered'),
      h(
        'table',
        { class: 'rt-numbering-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Was', 'Now', 'Text'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          moved.map((n) => h('tr', {}, h('td', {}, n.old), h('td', {}, n.new), h('td', { dir: 'auto' }, n.excerpt))),
        ),
      ),
    ],
    diff.references.length > 0 && [
      h('h3', {}, 'References to check'),
      h(
        'ul',
        { class: 'rt-references' },
        diff.references.map((r) =>
          h(
            'li',
            {},
            h('b', {}, r.in),
            `: “${r.text}” cites ${r.cited}, now ${r.now ?? 'deleted'}`,
            r.proposed ? `: read “${r.proposed}”` : '',
            actions.applyReference && applyControl(fixes?.get(r), actions.applyReference),
          ),
        ),
      ),
    ],
  )
}

/** The button that writes a corrected reference into the live text, or why
 *  there is none. Once written it says so and stays disabled. */
function applyControl(fix: ReferenceFix | string | undefined, apply: (fix: ReferenceFix) => boolean): Child {
  if (fix === undefined) return null
  if (typeof fix === 'string') return h('span', { class: 'rt-note' }, ` (${fix})`)
  const label = `${fix.reference.text} → ${fix.proposed}`
  const button = h(
    'button',
    {
      type: 'button',
      class: 'rt-apply-reference rt-no-print',
      'aria-label': `Apply in ${fix.reference.in}: ${label}`,
      onclick: () => {
        if (!apply(fix)) return
        button.disabled = true
        button.textContent = `Applied: ${label}`
      },
    },
    `Apply: ${label}`,
  )
  return [' ', button]
}

/** Totals, then counts and bracket totals for each section. */
function renderSummary(summary: DiffSummary): HTMLElement {
  const counts = (c: DiffSummary | DiffSummary['sections'][number]) => [
    countCell(c.modified, 'modified'),
    countCell(c.added, 'added'),
    countCell(c.deleted, 'deleted'),
    countCell(c.moved, 'moved'),
    countCell(c.unchanged, 'unchanged'),
    h('td', { class: 'rt-brackets-cell' }, `${c.brackets.old} → ${c.brackets.new}`),
  ]
  return h(
    'section',
    { class: 'rt-summary', 'aria-label': 'Summary of changes' },
    h(
      'table',
      { class: 'rt-summary-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Section'),
          ['Modified', 'Added', 'Deleted', 'Moved', 'Unchanged', 'Brackets'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        summary.sections.map((s) => h('tr', {}, h('th', { scope: 'row', title: s.title }, s.numeral), counts(s))),
      ),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Total'), counts(summary))),
    ),
  )
}

const countCell = (n: number, type: string) => h('td', { class: n ? `rt-count-${type}` : 'rt-count-none' }, String(n))

/** The comparison's items in reading order (section headings, changes,
 *  markers where moved clauses stood), laid out by the shared module so the
 *  browser agrees with the printed and Word comparisons; each run of
 *  unchanged clauses is folded. */
function renderItems(items: LayoutItem[]): HTMLElement {
  const out: Child[] = []
  let run: ClauseChange[] = []
  const flush = () => {
    if (run.length) out.push(renderFold(run))
    run = []
  }
  for (const item of items) {
    if (item.kind === 'change' && item.change.type === 'unchanged') {
      run.push(item.change)
      continue
    }
    flush()
    if (item.kind === 'section') out.push(h('h3', { class: 'rt-change-section', dir: 'auto' }, headingText(item)))
    else if (item.kind === 'moved-from') out.push(renderMovedAway(item.change))
    else out.push(renderChange(item.change))
  }
  flush()
  return h('div', { class: 'rt-changes' }, out)
}

function renderFold(run: ClauseChange[]): HTMLElement {
  const first = shown(newRef(run[0]))
  const last = shown(newRef(run[run.length - 1]))
  const renumbered = run.filter((c) => c.renumbered).length
  return h(
    'details',
    { class: 'rt-fold' },
    h(
      'summary',
      {},
      `${run.length} unchanged clause${run.length === 1 ? '' : 's'}: ${first === last ? first : `${first} – ${last}`}`,
      renumbered ? h('span', { class: 'rt-note' }, ` (${renumbered} renumbered)`) : null,
    ),
    run.map(renderChange),
  )
}

const typeLabels: Record<ClauseChange['type'], string> = {
  added: 'Added',
  deleted: 'Deleted',
  modified: 'Modified',
  moved: 'Moved',
  unchanged: 'Unchanged',
}

/** One clause: its key (old → new when renumbered), what happened, and the text. */
function renderChange(change: ClauseChange): HTMLElement {
  const ref = change.new ?? oldRef(change)
  return h(
    'section',
    {
      class: `rt-change rt-${change.type}`,
      id: change.new ? anchorNew(change.new) : anchorOld(oldRef(change)),
      'data-key': ref.key,
      'aria-label': `${shown(ref)} ${typeLabels[change.type]}`,
    },
    h(
      'header',
      { class: 'rt-change-head' },
      h('span', { class: 'rt-change-key' }, keyLabel(change)),
      h('span', { class: `rt-badge rt-badge-${change.type}` }, typeLabels[change.type]),
      change.tags.map((tag) => h('span', { class: `rt-tag rt-tag-${tag}` }, tag)),
      change.type === 'moved' &&
        change.old &&
        h('a', { class: 'rt-moved-link', href: `#${anchorOld(change.old)}` }, `moved from ${shown(change.old)}`),
      change.splitFrom && h('span', { class: 'rt-note' }, `split from ${change.splitFrom}`),
      change.mergedInto && h('span', { class: 'rt-note' }, `merged into ${change.mergedInto}`),
      change.status && h('span', { class: 'rt-status-change' }, describeStatus(change) ?? ''),
    ),
    h('p', { class: 'rt-change-text', dir: 'auto' }, changeText(change)),
    change.brackets.length > 0 &&
      h(
        'ul',
        { class: 'rt-bracket-changes', 'aria-label': 'Bracket changes' },
        change.brackets.map((b) => h('li', {}, describeBracketChange(b))),
      ),
  )
}

function keyLabel(change: ClauseChange): string {
  if (change.old && change.new && change.old.key !== change.new.key)
    return `${shown(change.old)} → ${shown(change.new)}`
  return shown(change.new ?? oldRef(change))
}

/** The text to show: word edits when there are any, else the whole clause,
 *  as inserted (added) or deleted (deleted) text. */
function changeText(change: ClauseChange): Child[] {
  if (change.edits.length && change.type !== 'unchanged') return change.edits.map(renderEdit)
  if (change.type === 'added') return [h('ins', {}, newRef(change).text)]
  if (change.type === 'deleted') return [h('del', {}, oldRef(change).text)]
  return [(change.new ?? oldRef(change)).text]
}

/** One run of a word-level diff: `ins` and `del` carry meaning for screen
 *  readers and print with underline and strike-through. */
function renderEdit(edit: WordEdit): Child {
  if (edit.op === 'insert') return h('ins', {}, edit.text)
  if (edit.op === 'delete') return h('del', {}, edit.text)
  return edit.text
}

function renderMovedAway(change: ClauseChange): HTMLElement {
  return h(
    'p',
    { class: 'rt-moved-away', id: anchorOld(oldRef(change)) },
    `${shown(oldRef(change))} moved to `,
    h('a', { href: `#${anchorNew(newRef(change))}` }, shown(newRef(change))),
  )
}
