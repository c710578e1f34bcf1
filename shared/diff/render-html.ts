import { newRef, oldRef, shownRef } from './refs'
import { describeBracketChange, describeSpanChange, describeStatus } from './describe'
import { headingText, layoutComparison } from './layout'
import type { ClauseChange, ReadingDiff, WordEdit } from './types'

/** Options for the HTML comparison page. */
export interface HtmlRenderOptions {
  title?: string
  oldName?: string
  newName?: string
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** A clause's edits as inline HTML: `<del>` and `<ins>` around changed words. */
export function redlineHtml(edits: readonly WordEdit[]): string {
  return edits
    .map((e) => {
      const text = escapeHtml(e.text)
      return e.op === 'equal' ? text : e.op === 'delete' ? `<del>${text}</del>` : `<ins>${text}</ins>`
    })
    .join('')
}

const anchor = (side: 'old' | 'new', key: string) => `${side}-${key.replace(/[^\w.-]/g, '_')}`

function changeLabel(change: ClauseChange): string {
  const was = change.old && change.new && change.old.key !== change.new.key ? escapeHtml(change.old.key) : ''
  const link = change.type === 'moved' ? `<a href="#${anchor('old', oldRef(change).key)}">${was}</a>` : was
  const from = was ? ` <span class="from">(was ${link})</span>` : ''
  const notes = [
    ...change.tags.map((t) => `<span class="tag tag-${t}">${t}</span>`),
    change.splitFrom ? `<span class="tag">split from ${escapeHtml(change.splitFrom)}</span>` : '',
    change.mergedInto ? `<span class="tag">merged into ${escapeHtml(change.mergedInto)}</span>` : '',
  ].join(' ')
  const status = describeStatus(change)
  const statusNote = status ? ` <span class="status">${escapeHtml(status)}</span>` : ''
  return `<span class="type">${change.type}</span> <b>${escapeHtml(shownRef(change).key)}</b>${from} ${notes}${statusNote}`
}

function changeRow(change: ClauseChange): string {
  const id = change.new ? anchor('new', change.new.key) : anchor('old', oldRef(change).key)
  return (
    `<li class="change ${change.type}" id="${id}"><div class="label">${changeLabel(change)}</div>` +
    `<div class="text" dir="auto">${redlineHtml(change.edits)}</div>${bracketList(change)}</li>`
  )
}

function bracketList(change: ClauseChange): string {
  if (!change.brackets.length) return ''
  const items = change.brackets.map((b) => `<li>${escapeHtml(describeBracketChange(b))}</li>`).join('')
  return `<ul class="brackets" aria-label="Bracket changes">${items}</ul>`
}

function movedFromRow(change: ClauseChange): string {
  return (
    `<li class="moved-from" id="${anchor('old', oldRef(change).key)}">${escapeHtml(oldRef(change).key)} moved to ` +
    `<a href="#${anchor('new', newRef(change).key)}">${escapeHtml(newRef(change).key)}</a></li>`
  )
}

function summaryTable(diff: ReadingDiff): string {
  const head = ['Section', 'Added', 'Deleted', 'Modified', 'Moved', 'Unchanged', 'Brackets']
  const row = (name: string, c: ReadingDiff['summary']['sections'][number] | ReadingDiff['summary']) =>
    `<tr><th scope="row">${name}</th><td>${c.added}</td><td>${c.deleted}</td><td>${c.modified}</td><td>${c.moved}</td><td>${c.unchanged}</td><td>${c.brackets.old} → ${c.brackets.new}</td></tr>`
  return (
    `<table class="summary"><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>` +
    diff.summary.sections.map((s) => row(`${escapeHtml(s.numeral)}. ${escapeHtml(s.title)}`, s)).join('') +
    `</tbody><tfoot>${row('Total', diff.summary)}</tfoot></table>`
  )
}

function sectionsHtml(diff: ReadingDiff): string {
  const out: string[] = []
  let open = false
  let folded: ClauseChange[] = []
  const flush = () => {
    if (folded.length) {
      out.push(
        `<li class="folded"><details><summary>${folded.length} unchanged</summary><ol>${folded.map(changeRow).join('')}</ol></details></li>`,
      )
    }
    folded = []
  }
  for (const item of layoutComparison(diff)) {
    if (item.kind === 'change' && item.change.type === 'unchanged') {
      folded.push(item.change)
      continue
    }
    flush()
    if (item.kind === 'section') {
      if (open) out.push('</ol></section>')
      out.push(`<section><h2>${escapeHtml(headingText(item))}</h2><ol class="changes">`)
      open = true
    } else {
      out.push(item.kind === 'moved-from' ? movedFromRow(item.change) : changeRow(item.change))
    }
  }
  flush()
  if (open) out.push('</ol></section>')
  return out.join('\n')
}

/** The brackets across paragraphs added, resolved, dropped or changed (D16). */
export function spansHtml(diff: ReadingDiff): string {
  if (!diff.spans?.length) return ''
  const items = diff.spans.map((c) => `<li>${escapeHtml(describeSpanChange(c))}</li>`).join('')
  return `<section class="spans"><h2>Brackets across paragraphs</h2><ul>${items}</ul></section>`
}

/** The "Renumbered" table (D11) and the references to check (D12). */
export function renumberedHtml(diff: ReadingDiff): string {
  const moved = diff.numbering.filter((n) => n.old !== n.new)
  const out: string[] = []
  if (moved.length) {
    const rows = moved
      .map(
        (n) =>
          `<tr><td>${escapeHtml(n.old)}</td><td>${escapeHtml(n.new)}</td><td dir="auto">${escapeHtml(n.excerpt)}</td></tr>`,
      )
      .join('')
    out.push(
      `<section class="renumbered"><h2>Renumbered</h2><table class="numbering"><thead><tr><th scope="col">Was</th><th scope="col">Now</th><th scope="col">Text</th></tr></thead><tbody>${rows}</tbody></table></section>`,
    )
  }
  if (diff.references.length) {
    const items = diff.references
      .map(
        (r) =>
          `<li><b>${escapeHtml(r.in)}</b>: “${escapeHtml(r.text)}” cites ${escapeHtml(r.cited)}, now ${escapeHtml(r.now ?? 'deleted')}${r.proposed ? `: read “${escapeHtml(r.proposed)}”` : ''}</li>`,
      )
      .join('')
    out.push(`<section class="references"><h2>References to check</h2><ul>${items}</ul></section>`)
  }
  return out.join('\n')
}

const styles = `
body { font: 15px/1.5 Georgia, 'Noto Serif', serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; border-bottom: 1px solid #ccc; margin-top: 2rem; }
table.summary { border-collapse: collapse; width: 100%; font: 13px/1.4 system-ui, sans-serif; }
table.summary th, table.summary td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: right; }
table.summary th[scope=row] { text-align: left; font-weight: normal; } tfoot { font-weight: bold; }
ol.changes, ol.changes ol { list-style: none; padding: 0; }
li.change { margin: .6rem 0; padding-left: .6rem; border-left: 4px solid #ddd; break-inside: avoid; }
li.added { border-color: #2e7d32; } li.deleted { border-color: #c62828; } li.modified { border-color: #f9a825; } li.moved { border-color: #1565c0; }
.label { font: 12px system-ui, sans-serif; color: #555; } .type { text-transform: uppercase; letter-spacing: .04em; }
.status { color: #6a1b9a; margin-left: .4rem; } ul.brackets { margin: .2rem 0 0 1rem; font: 12px system-ui, sans-serif; color: #555; }
table.numbering { border-collapse: collapse; font: 13px/1.4 system-ui, sans-serif; } table.numbering td, table.numbering th { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; }
.tag { border: 1px solid #bbb; border-radius: 3px; padding: 0 .3rem; margin-left: .2rem; } .tag-modal { border-color: #c62828; color: #c62828; }
ins { color: #1b5e20; background: #e8f5e9; text-decoration: underline; } del { color: #b71c1c; background: #ffebee; text-decoration: line-through; }
li.moved-from { margin: .6rem 0; padding-left: .6rem; border-left: 4px dashed #1565c0; font: 12px system-ui, sans-serif; color: #1565c0; }
li.folded summary { font: 12px system-ui, sans-serif; color: #777; cursor: pointer; }
@media print { li.folded { display: none; } a { color: inherit; text-decoration: none; } body { margin: 0; max-width: none; } }
`

/** The comparison as a standalone HTML page: a summary table with counts and
 *  bracket totals per section, then each section's changes with insertions
 *  and deletions marked, moved clauses linked to where they came from, and
 *  unchanged clauses folded. Prints cleanly. */
export function renderDiffHtml(diff: ReadingDiff, options: HtmlRenderOptions = {}): string {
  const title = options.title ?? `Comparison: ${options.oldName ?? 'old'} → ${options.newName ?? 'new'}`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${styles}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${summaryTable(diff)}
${sectionsHtml(diff)}
${spansHtml(diff)}
${renumberedHtml(diff)}
</body></html>
`
}
