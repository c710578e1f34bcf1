import { describeBracketChange, statusName } from './describe'
import { burnDownSvg } from './burndown-svg'
import type { ClauseLife, ClauseStep, ReadingHistory } from './history'
import { escapeHtml, redlineHtml } from './render-html'
import { redlineText } from './render-text'

/** Which clauses a history shows. */
export interface HistoryRenderOptions {
  /** Only the clause standing at this key in the last reading that held it. */
  clause?: string
  /** Also clauses that never changed. */
  all?: boolean
}

/** The clauses to show: one by key, or those that changed (all with `all`). */
export function selectClauses(history: ReadingHistory, options: HistoryRenderOptions): ClauseLife[] {
  if (options.clause) {
    const key = options.clause
    const last = history.clauses.filter((c) => c.key === key)
    return last.length ? last : history.clauses.filter((c) => c.states.some((s) => s?.key === key))
  }
  return options.all ? history.clauses : history.clauses.filter((c) => c.steps.some((s) => s.type !== 'renumbered'))
}

/** Whether a step's words are worth showing: not for a renumbering, or a
 *  status change alone. */
export const showsEdits = (step: ClauseStep) =>
  step.edits.length > 0 && step.type !== 'renumbered' && !(step.status && step.tags.length === 1)

/** One step in words: `modified (brackets, modal)`, `moved II.3 → III.1`… */
export function stepTitle(step: ClauseStep): string {
  const where =
    step.from && step.to && (step.from !== step.to || step.type === 'moved') ? ` ${step.from} → ${step.to}` : ''
  if (step.status && step.tags.length === 1 && step.type === 'modified') {
    const phrase = step.status.new === 'adref' ? 'agreed ad referendum' : 'reopened'
    return where ? `renumbered${where}, ${phrase}` : phrase
  }
  const tags = step.tags.filter((t) => t !== 'status')
  const notes = [
    tags.length ? `(${tags.join(', ')})` : '',
    step.status ? (step.status.new === 'adref' ? 'agreed ad referendum' : 'reopened') : '',
    step.splitFrom ? `split from ${step.splitFrom}` : '',
    step.mergedInto ? `merged into ${step.mergedInto}` : '',
  ].filter(Boolean)
  return [`${step.type}${where}`, ...notes].join(' ')
}

const cell = (v: number | null) => (v === null ? '–' : String(v))

/** The history for a terminal (SPEC.md D14): the burn-down table, then each
 *  clause's life, reading by reading. */
export function renderHistoryText(history: ReadingHistory, options: HistoryRenderOptions = {}): string {
  const { readings, burnDown } = history
  const label = (s: { numeral: string; title: string }) => `${s.numeral}. ${s.title}`.slice(0, 40)
  const width = Math.max(10, ...burnDown.sections.map((s) => label(s).length))
  const cols = readings.map((r) => Math.max(4, r.length))
  const row = (name: string, values: (number | null)[]) =>
    `  ${name.padEnd(width)}  ${values.map((v, k) => cell(v).padStart(cols[k])).join('  ')}`
  const lines = [
    `History of ${readings.length} readings: ${readings.join(' → ')}`,
    '',
    'Brackets left',
    `  ${''.padEnd(width)}  ${readings.map((r, k) => r.padStart(cols[k])).join('  ')}`,
    ...burnDown.sections.map((s) => row(label(s), s.counts)),
    row('Whole text', burnDown.total),
  ]
  const shown = selectClauses(history, options)
  if (options.clause && !shown.length) lines.push('', `No clause ${options.clause} in any reading.`)
  for (const life of shown) {
    lines.push('', life.key)
    const first = life.states.findIndex((s) => s !== null)
    const state = life.states[first]
    if (state && !life.steps.some((s) => s.reading === first))
      lines.push(`  ${readings[first]}: ${state.text}${state.status === 'adref' ? ' (agreed ad referendum)' : ''}`)
    for (const step of life.steps) {
      lines.push(`  ${readings[step.reading]}: ${stepTitle(step)}`)
      if (showsEdits(step)) lines.push(`    ${redlineText(step.edits, false)}`)
      for (const b of step.brackets) lines.push(`    brackets: ${describeBracketChange(b)}`)
    }
  }
  return `${lines.join('\n')}\n`
}

/** The history as a standalone HTML page: the burn-down chart (SVG) and
 *  table, then each clause's timeline. */
export function renderHistoryHtml(history: ReadingHistory, options: HistoryRenderOptions = {}): string {
  const { readings, burnDown } = history
  const head = `<tr><th scope="col">Section</th>${readings.map((r) => `<th scope="col">${escapeHtml(r)}</th>`).join('')}</tr>`
  const row = (name: string, values: (number | null)[]) =>
    `<tr><th scope="row">${escapeHtml(name)}</th>${values.map((v) => `<td>${cell(v)}</td>`).join('')}</tr>`
  const table = `<table class="burndown"><thead>${head}</thead><tbody>${burnDown.sections
    .map((s) => row(`${s.numeral}. ${s.title}`, s.counts))
    .join('')}</tbody><tfoot>${row('Whole text', burnDown.total)}</tfoot></table>`
  const lives = selectClauses(history, options)
    .map((life) => {
      const items = life.steps.map((step) => {
        const text = showsEdits(step) ? `<div dir="auto">${redlineHtml(step.edits)}</div>` : ''
        const notes = step.brackets.map((b) => `<li>${escapeHtml(describeBracketChange(b))}</li>`).join('')
        return `<li><b>${escapeHtml(readings[step.reading])}</b> ${escapeHtml(stepTitle(step))}${text}${notes ? `<ul>${notes}</ul>` : ''}</li>`
      })
      const first = life.states.findIndex((s) => s !== null)
      const state = life.states[first]
      if (state && !life.steps.some((s) => s.reading === first))
        items.unshift(
          `<li><b>${escapeHtml(readings[first])}</b> <span dir="auto">${escapeHtml(state.text)}</span> (${statusName(state.status)})</li>`,
        )
      return `<section class="life"><h3>${escapeHtml(life.key)}</h3><ol>${items.join('')}</ol></section>`
    })
    .join('\n')
  const title = `History: ${readings.join(' → ')}`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${styles}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<h2>Brackets left</h2>
${burnDownSvg(history)}
${table}
<h2>Clauses</h2>
${lives}
</body></html>
`
}

const styles = `
body { font: 15px/1.5 Georgia, 'Noto Serif', serif; max-width: 56rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
table.burndown { border-collapse: collapse; font: 13px/1.4 system-ui, sans-serif; margin: 1rem 0; }
table.burndown th, table.burndown td { border: 1px solid #ccc; padding: .2rem .5rem; text-align: right; } table.burndown th[scope=row] { text-align: left; font-weight: normal; }
section.life { break-inside: avoid; } section.life h3 { font: bold 13px system-ui, sans-serif; margin: 1.2rem 0 .2rem; }
section.life ol { list-style: none; padding-left: .6rem; border-left: 3px solid #ddd; font-size: 14px; }
ins { color: #1b5e20; background: #e8f5e9; } del { color: #b71c1c; background: #ffebee; }
`
