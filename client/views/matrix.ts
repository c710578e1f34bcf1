import { normaliseState } from '../../shared/states/names'
import { contestedness, type Position, type Stance } from '../../shared/positions/position'
import { stances } from '../../shared/positions/position'
import { changedSince, pinnedNote } from '../../shared/positions/pinned'
import type { MatrixAsOf, MatrixClause } from '../../shared/positions/as-of'
import type { ReadingSummary } from '../../shared/protocol/wire'
import { h, replaceChildren } from '../dom'
import { readableNotation } from '../editor/clauses'
import { runAction, type Notices } from './notices'
import { stanceLabels, stanceLetters } from './stances'

/** Which part of the matrix to show. */
export interface MatrixFilter {
  /** A section numeral, or null for all. */
  section: string | null
  /** One state, or null for all. */
  state: string | null
  /** Also list clauses nobody has taken a position on. */
  includeQuiet: boolean
}

/** One clause row: positions by state, and how contested the clause is. */
export interface MatrixRow {
  clause: MatrixClause
  byState: Map<string, Position[]>
  contestedness: number
}

/** The matrix's data: states as columns, clauses as rows, the most contested
 *  first (ties keep reading order). Positions on clauses no longer in the
 *  text are left out. */
export function buildMatrix(
  clauses: readonly MatrixClause[],
  positions: readonly Position[],
  filter: MatrixFilter,
): { states: string[]; rows: MatrixRow[] } {
  // One column per state however its name was typed (`austria ` is Austria).
  positions = positions.map((p) => ({ ...p, state: normaliseState(p.state) }))
  const allStates = [...new Set(positions.map((p) => p.state))].sort((a, b) => a.localeCompare(b))
  const states = filter.state ? allStates.filter((s) => s === filter.state) : allStates
  const byClause = new Map<string, Position[]>()
  for (const p of positions) {
    if (filter.state && p.state !== filter.state) continue
    byClause.set(p.clauseId, [...(byClause.get(p.clauseId) ?? []), p])
  }
  const rows: MatrixRow[] = []
  for (const clause of clauses) {
    if (!clause.id || (filter.section && clause.section !== filter.section)) continue
    const on = byClause.get(clause.id) ?? []
    if (!on.length && !filter.includeQuiet) continue
    const byState = new Map<string, Position[]>()
    for (const p of on) byState.set(p.state, [...(byState.get(p.state) ?? []), p])
    rows.push({ clause, byState, contestedness: contestedness(on) })
  }
  rows.sort((a, b) => b.contestedness - a.contestedness)
  return { states, rows }
}

const severity: Stance[] = ['oppose', 'reservation', 'proposal', 'support', 'neutral']

/** A cell's colour: the strongest objection a state holds on the clause
 *  wins, as that is what the chair has to resolve; no position at all is neutral. */
export const dominantStance = (positions: readonly Position[]): Stance =>
  severity.find((s) => positions.some((p) => p.stance === s)) ?? 'neutral'

/** What a cell's note names: the reading a position was recorded on (by
 *  id), and the reading the matrix is shown as of (none for the live text). */
export interface MatrixNames {
  reading: (id: string) => string | undefined
  asOf?: string
}

const noNames: MatrixNames = { reading: () => undefined }

/** The matrix table; a click on a clause opens it in the text. */
export function renderMatrixTable(
  data: { states: string[]; rows: MatrixRow[] },
  onOpenClause: (id: string) => void,
  names: MatrixNames = noNames,
): HTMLElement {
  if (!data.rows.length) return h('p', { class: 'rt-empty-note' }, 'No positions match these filters.')
  return h(
    'table',
    { class: 'rt-matrix-table' },
    h('caption', {}, 'Positions by clause and state, most contested first'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Clause'),
        data.states.map((s) => h('th', { scope: 'col', class: 'rt-matrix-state' }, h('span', {}, s))),
      ),
    ),
    h(
      'tbody',
      {},
      data.rows.map((row) =>
        h(
          'tr',
          { 'data-clause': row.clause.id },
          h(
            'th',
            { scope: 'row' },
            h(
              'button',
              {
                type: 'button',
                class: 'rt-link',
                onclick: () => row.clause.id && onOpenClause(row.clause.id),
                title: readableNotation(row.clause.text),
                'aria-label': `Open ${row.clause.key} in the text`,
              },
              row.clause.key,
            ),
            h('span', { class: 'rt-matrix-excerpt', dir: 'auto' }, readableNotation(row.clause.text).slice(0, 80)),
          ),
          data.states.map((state) => renderCell(row.clause, state, row.byState.get(state) ?? [], names)),
        ),
      ),
    ),
  )
}

function renderCell(clause: MatrixClause, state: string, positions: Position[], names: MatrixNames): HTMLElement {
  const key = clause.key
  if (!positions.length) return h('td', { class: 'rt-cell-empty', 'aria-label': `${state} on ${key}: no position` })
  const stance = dominantStance(positions)
  // A position recorded on an earlier text of the clause may no longer hold.
  const stale = positions.some((p) => changedSince(p, clause.text))
  const detail = positions
    .map((p) => {
      const note = pinnedNote(p, clause.text, p.reading ? names.reading(p.reading) : undefined, names.asOf)
      return `${stanceLabels[p.stance]}${p.target ? ` on “${p.target}”` : ''}${p.comment ? `: ${p.comment}` : ''}${note ? ` (${note})` : ''}`
    })
    .join('\n')
  // A position on one option is about those words, not the whole clause: the
  // cell says so (`opposes should`) rather than colouring the clause.
  const onOptions = positions.every((p) => p.target)
  return h(
    'td',
    {
      class: `rt-cell rt-stance-${stance}${onOptions ? ' rt-cell-on-option' : ''}${stale ? ' rt-cell-stale' : ''}`,
      title: detail,
      'aria-label': `${state} on ${key}: ${detail}`,
    },
    positions.map((p, i) => [
      i > 0 && ' ',
      p.target
        ? h('span', {}, `${stanceVerbs[p.stance]} `, h('em', { dir: 'auto' }, excerpt(p.target)))
        : stanceLetters[p.stance],
    ]),
  )
}

/** How a cell names a stance taken on some words of the clause. */
const stanceVerbs: Record<Stance, string> = {
  support: 'supports',
  oppose: 'opposes',
  reservation: 'reservation on',
  proposal: 'rewords',
  neutral: 'neutral on',
}

const excerpt = (text: string) => (text.length > 24 ? `${text.slice(0, 24)}…` : text)

/** The matrix view: which text it is shown as of (the live text, or any
 *  frozen reading), filters by section and state, then the table. */
export class MatrixView {
  readonly element: HTMLElement
  private readonly table = h('div', { class: 'rt-matrix-scroll' })
  private readonly asOfSelect = h('select', { 'aria-label': 'As of', onchange: () => this.pickReading() })
  private readonly sectionSelect = h('select', { 'aria-label': 'Section', onchange: () => this.render() })
  private readonly stateSelect = h('select', { 'aria-label': 'State', onchange: () => this.render() })
  private readonly quiet = h('input', { type: 'checkbox', onchange: () => this.render() })
  private readonly caption = h('p', { class: 'rt-note', hidden: true })
  private clauses: MatrixClause[] = []
  private positions: Position[] = []
  private readings: ReadingSummary[] = []
  /** The matrix of the reading picked, once loaded; null for the live text. */
  private asOf: MatrixAsOf | null = null

  constructor(
    private readonly onOpenClause: (id: string) => void,
    /** How to load a reading's matrix from the server; without it the
     *  matrix shows the live text only. */
    private readonly readingSource: { load: (reading: string) => Promise<MatrixAsOf>; notices: Notices } | null = null,
  ) {
    this.element = h(
      'section',
      { class: 'rt-matrix', 'aria-label': 'Positions matrix' },
      h(
        'div',
        { class: 'rt-toolbar' },
        readingSource && h('label', {}, 'As of ', this.asOfSelect),
        h('label', {}, 'Section ', this.sectionSelect),
        h('label', {}, 'State ', this.stateSelect),
        h('label', {}, this.quiet, ' Clauses without positions'),
        h(
          'span',
          { class: 'rt-legend', 'aria-hidden': 'true' },
          stances.map((s) => h('span', { class: `rt-cell rt-stance-${s}` }, `${stanceLetters[s]} ${stanceLabels[s]}`)),
        ),
      ),
      this.caption,
      this.table,
    )
    this.setReadings([])
  }

  /** New live text or positions: refreshes filters and table (a reading's
   *  matrix stays as loaded). */
  update(clauses: MatrixClause[], positions: Position[]): void {
    this.clauses = clauses
    this.positions = positions
    if (!this.asOf) this.refill()
  }

  /** The frozen readings the matrix can be shown as of, oldest first; the
   *  choice is kept while its reading exists. */
  setReadings(readings: ReadingSummary[]): void {
    this.readings = readings
    const current = this.asOfSelect.value
    replaceChildren(
      this.asOfSelect,
      h('option', { value: '' }, 'the live text'),
      readings.map((r) => h('option', { value: r.id }, `${r.name} (${r.date ?? r.createdAt.slice(0, 10)})`)),
    )
    this.asOfSelect.value = readings.some((r) => r.id === current) ? current : ''
  }

  /** Shows the matrix as of the reading picked: its clauses and the positions
   *  recorded up to it, loaded from the server; or the live text again. */
  private pickReading(): void {
    const reading = this.asOfSelect.value
    const source = this.readingSource
    if (!reading || !source) {
      this.asOf = null
      this.refill()
      return
    }
    runAction(null, source.notices, async () => {
      const loaded = await source.load(reading)
      if (this.asOfSelect.value !== reading) return
      this.asOf = loaded
      this.refill()
    })
  }

  /** Refills the filters from the text shown, then the table. */
  private refill(): void {
    const { clauses, positions } = this.shown()
    fillSelect(this.sectionSelect, 'All sections', [...new Set(clauses.map((c) => c.section))])
    fillSelect(
      this.stateSelect,
      'All states',
      [...new Set(positions.map((p) => normaliseState(p.state)))].sort((a, b) => a.localeCompare(b)),
    )
    this.render()
  }

  private shown(): { clauses: readonly MatrixClause[]; positions: readonly Position[] } {
    return this.asOf ?? { clauses: this.clauses, positions: this.positions }
  }

  private render(): void {
    const filter: MatrixFilter = {
      section: this.sectionSelect.value || null,
      state: this.stateSelect.value || null,
      includeQuiet: this.quiet.checked,
    }
    const asOf = this.asOf?.reading?.name
    const names: MatrixNames = {
      reading: (id) => this.readings.find((r) => r.id === id)?.name,
      ...(asOf && { asOf }),
    }
    this.caption.hidden = !asOf
    this.caption.textContent = asOf
      ? `As of ${asOf}: the clauses as that reading has them, and the positions recorded up to it.`
      : ''
    const { clauses, positions } = this.shown()
    replaceChildren(this.table, renderMatrixTable(buildMatrix(clauses, positions, filter), this.onOpenClause, names))
  }
}

/** Refills a filter's choices, keeping the current choice when it still exists. */
function fillSelect(select: HTMLSelectElement, all: string, values: string[]): void {
  const current = select.value
  replaceChildren(
    select,
    h('option', { value: '' }, all),
    values.map((v) => h('option', { value: v }, v)),
  )
  select.value = values.includes(current) ? current : ''
}
