import type { Node as DocNode } from 'prosemirror-model'
import { burnDownSvg } from '../../shared/diff/burndown-svg'
import { type ClauseLife, type ReadingHistory, readingHistory } from '../../shared/diff/history'
import { showsEdits, stepTitle } from '../../shared/diff/render-history'
import { describeBracketChange, statusName } from '../../shared/diff/describe'
import { parseNotation } from '../../shared/notation/parse'
import type { ReadingSummary } from '../../shared/protocol/wire'
import { exportPath, historyPath, type Api } from '../api'
import { h, replaceChildren, type Child } from '../dom'
import { runAction, type Notices } from './notices'
import { saveDownload } from './files'

/** What the history panel needs from the app. */
export interface HistoryContext {
  api: Api
  negotiation: string
  notices: Notices
}

/** Every frozen reading, oldest first, parsed from its notation export (which
 *  keeps clause ids, so the comparisons pair clauses by id). */
async function loadReadings(ctx: HistoryContext, readings: readonly ReadingSummary[]) {
  const ordered = [...readings].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  return Promise.all(
    ordered.map(async (reading) => {
      const file = await ctx.api.download(exportPath(ctx.negotiation, 'txt', reading.id))
      const parsed = parseNotation(await file.blob.text())
      if (!parsed.ok) throw new Error(`reading “${reading.name}” could not be read back: ${parsed.error.message}`)
      return { name: reading.name, doc: parsed.doc as DocNode }
    }),
  )
}

/** Across all readings: the bracket burn-down chart, and the timeline of any
 *  clause that changed (SPEC.md D14). Loaded when asked for: it fetches
 *  every reading. */
export class HistoryPanel {
  readonly element: HTMLElement
  private readonly body = h('div', { class: 'rt-history-body', 'aria-live': 'polite' })
  private readonly show = h('button', { type: 'button' }, 'Show brackets and clause histories')
  private readonly word = h('button', { type: 'button' }, 'Download the history (.docx)')

  constructor(private readonly ctx: HistoryContext) {
    this.element = h(
      'details',
      { class: 'rt-history' },
      h('summary', {}, 'Brackets left and clause histories'),
      h('p', { class: 'rt-toolbar rt-no-print' }, this.show, this.word),
      this.body,
    )
  }

  /** Loads the readings and shows the burn-down and the clause picker. */
  async load(readings: readonly ReadingSummary[]): Promise<void> {
    await runAction(this.show, this.ctx.notices, async () => {
      if (readings.length === 0) {
        replaceChildren(this.body, h('p', { class: 'rt-empty-note' }, 'No reading frozen yet.'))
        return
      }
      const history = readingHistory(await loadReadings(this.ctx, readings))
      replaceChildren(this.body, renderHistory(history))
    })
  }

  /** Wires the buttons to `readings()`, the readings as they stand when one is pressed. */
  bind(readings: () => readonly ReadingSummary[]): this {
    this.show.addEventListener('click', () => this.load(readings()))
    this.word.addEventListener('click', () => this.download(readings()))
    return this
  }

  /** The burn-down table and every changed clause's timeline as a Word file, made by the server. */
  private async download(readings: readonly ReadingSummary[]): Promise<void> {
    await runAction(this.word, this.ctx.notices, async () => {
      if (!readings.length) throw new Error('No reading frozen yet: the history follows readings.')
      const file = await this.ctx.api.download(historyPath(this.ctx.negotiation, 'docx'))
      saveDownload(file.blob, file.filename || 'history.docx')
    })
  }
}

/** The burn-down and a clause picker whose choice shows that clause's timeline. */
export function renderHistory(history: ReadingHistory): HTMLElement {
  const changed = history.clauses.filter((c) => c.steps.some((s) => s.type !== 'renumbered'))
  const timeline = h('div', { class: 'rt-timeline-host' })
  const pick = h(
    'select',
    {
      'aria-label': 'Clause to follow',
      onchange: (e: Event) => {
        const life = changed[Number((e.currentTarget as HTMLSelectElement).value)]
        replaceChildren(timeline, life ? renderTimeline(history, life) : null)
      },
    },
    h('option', { value: '' }, 'Choose a clause…'),
    changed.map((life, k) => h('option', { value: String(k) }, `${life.key}: ${excerpt(life)}`)),
  )
  return h(
    'div',
    { class: 'rt-history-content' },
    renderBurnDown(history),
    h('h3', {}, 'The life of a clause'),
    changed.length
      ? h('label', {}, 'Follow ', pick)
      : h('p', { class: 'rt-empty-note' }, 'No clause changed across these readings.'),
    timeline,
  )
}

const excerpt = (life: ClauseLife) => {
  const text = [...life.states].reverse().find((s) => s)?.text ?? ''
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}

/** The burn-down as the shared SVG chart, with the same numbers as a table
 *  (for screen readers, and for reading exact counts). */
export function renderBurnDown(history: ReadingHistory): HTMLElement {
  const svg = new DOMParser().parseFromString(burnDownSvg(history), 'image/svg+xml').documentElement
  const cell = (v: number | null) => h('td', {}, v === null ? '–' : String(v))
  return h(
    'figure',
    { class: 'rt-burndown-figure' },
    document.importNode(svg, true),
    h(
      'table',
      { class: 'rt-burndown-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Section'),
          history.readings.map((r) => h('th', { scope: 'col' }, r)),
        ),
      ),
      h(
        'tbody',
        {},
        history.burnDown.sections.map((s) =>
          h('tr', {}, h('th', { scope: 'row' }, `${s.numeral}. ${s.title}`), s.counts.map(cell)),
        ),
      ),
      h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'Whole text'), history.burnDown.total.map(cell))),
    ),
    h('figcaption', {}, 'Brackets left per section per reading'),
  )
}

/** One clause through every reading: its first text, then each change with
 *  its words, bracket changes, status and moves. */
export function renderTimeline(history: ReadingHistory, life: ClauseLife): HTMLElement {
  const first = life.states.findIndex((s) => s !== null)
  const start = life.states[first]
  const items: Child[] = []
  if (start && !life.steps.some((s) => s.reading === first))
    items.push(
      h(
        'li',
        {},
        h('b', {}, history.readings[first]),
        ` ${start.key} (${statusName(start.status)}): `,
        h('span', { dir: 'auto' }, start.text),
      ),
    )
  for (const step of life.steps)
    items.push(
      h(
        'li',
        { class: `rt-step rt-step-${step.type}` },
        h('b', {}, history.readings[step.reading]),
        ` ${stepTitle(step)}`,
        showsEdits(step) &&
          h(
            'p',
            { class: 'rt-change-text', dir: 'auto' },
            step.edits.map((e) =>
              e.op === 'insert' ? h('ins', {}, e.text) : e.op === 'delete' ? h('del', {}, e.text) : e.text,
            ),
          ),
        step.brackets.length > 0 &&
          h(
            'ul',
            {},
            step.brackets.map((b) => h('li', {}, describeBracketChange(b))),
          ),
      ),
    )
  return h('ol', { class: 'rt-timeline', 'aria-label': `History of ${life.key}` }, items)
}
