import { normaliseState } from '../../shared/states/names'
import { contestedness, type Position, type Stance } from '../../shared/positions/position'
import { stances } from '../../shared/positions/position'
import { changedSince, pinnedNote } from '../../shared/positions/pinned'
import { h, replaceChildren } from '../dom'
import { readableNotation, type ClauseEntry } from '../editor/clauses'
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
  clause: ClauseEntry
  byState: Map<string, Position[]>
  contestedness: number
}

/** The matrix's data: states as columns, clauses as rows, the most contested
 *  first (ties keep reading order). Positions on clauses no longer in the
 *  text are left out. */
export function buildMatrix(
  clauses: readonly ClauseEntry[],
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

/** The matrix table; a click on a clause opens it in the text. */
export function renderMatrixTable(
  data: { states: string[]; rows: MatrixRow[] },
  onOpenClause: (id: string) => void,
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
          data.states.map((state) => renderCell(row.clause, state, row.byState.get(state) ?? [])),
        ),
      ),
    ),
  )
}

function renderCell(clause: ClauseEntry, state: string, positions: Position[]): HTMLElement {
  const key = clause.key
  if (!positions.length) return h('td', { class: 'rt-cell-empty', 'aria-label': `${state} on ${key}: no position` })
  const stance = dominantStance(positions)
  // A position recorded on an earlier text of the clause may no longer hold.
  const stale = positions.some((p) => changedSince(p, clause.text))
  const detail = positions
    .map((p) => {
      const note = pinnedNote(p, clause.text)
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

/** The matrix view: filters by section and state above the table. */
export class MatrixView {
  readonly element: HTMLElement
  private readonly table = h('div', { class: 'rt-matrix-scroll' })
  private readonly sectionSelect = h('select', { 'aria-label': 'Section', onchange: () => this.render() })
  private readonly stateSelect = h('select', { 'aria-label': 'State', onchange: () => this.render() })
  private readonly quiet = h('input', { type: 'checkbox', onchange: () => this.render() })
  private clauses: ClauseEntry[] = []
  private positions: Position[] = []

  constructor(private readonly onOpenClause: (id: string) => void) {
    this.element = h(
      'section',
      { class: 'rt-matrix', 'aria-label': 'Positions matrix' },
      h(
        'div',
        { class: 'rt-toolbar' },
        h('label', {}, 'Section ', this.sectionSelect),
        h('label', {}, 'State ', this.stateSelect),
        h('label', {}, this.quiet, ' Clauses without positions'),
        h(
          'span',
          { class: 'rt-legend', 'aria-hidden': 'true' },
          stances.map((s) => h('span', { class: `rt-cell rt-stance-${s}` }, `${stanceLetters[s]} ${stanceLabels[s]}`)),
        ),
      ),
      this.table,
    )
  }

  /** New text or positions: refreshes filters and table. */
  update(clauses: ClauseEntry[], positions: Position[]): void {
    this.clauses = clauses
    this.positions = positions
    fillSelect(this.sectionSelect, 'All sections', [...new Set(clauses.map((c) => c.section))])
    fillSelect(
      this.stateSelect,
      'All states',
      [...new Set(positions.map((p) => normaliseState(p.state)))].sort((a, b) => a.localeCompare(b)),
    )
    this.render()
  }

  private render(): void {
    const filter: MatrixFilter = {
      section: this.sectionSelect.value || null,
      state: this.stateSelect.value || null,
      includeQuiet: this.quiet.checked,
    }
    replaceChildren(this.table, renderMatrixTable(buildMatrix(this.clauses, this.positions, filter), this.onOpenClause))
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
