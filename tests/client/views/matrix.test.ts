// @vitest-environment happy-dom
import { present } from '../../../shared/present'
import { describe, expect, it } from 'vitest'
import type { Position, Stance } from '../../../shared/positions/position'
import type { ClauseEntry } from '../../../client/editor/clauses'
import { buildMatrix, dominantStance, renderMatrixTable } from '../../../client/views/matrix'

const clause = (id: string, key: string, section: string): ClauseEntry => ({
  id,
  key,
  section,
  level: 1,
  status: 'open',
  text: `text of ${key}`,
  pos: 0,
})
const clauses = [clause('a', 'I.1', 'I'), clause('b', 'I.2', 'I'), clause('c', 'II.1', 'II')]
let n = 0
const position = (state: string, clauseId: string, stance: Stance): Position => ({
  id: `p${++n}`,
  negotiationId: 'n',
  state,
  clauseId,
  target: null,
  stance,
  comment: '',
  source: '',
  reading: null,
  author: state,
  createdAt: '',
  updatedAt: '',
})
const positions = [
  position('Austria', 'a', 'support'),
  position('China', 'b', 'support'),
  position('Austria', 'b', 'oppose'),
  position('Brazil', 'b', 'reservation'),
  position('China', 'c', 'oppose'),
  position('China', 'gone', 'oppose'),
]
const all = { section: null, state: null, includeQuiet: false }

describe('the positions matrix', () => {
  it('puts the most contested clause first and states in alphabetical columns', () => {
    const { states, rows } = buildMatrix(clauses, positions, all)
    expect(states).toEqual(['Austria', 'Brazil', 'China'])
    expect(rows.map((r) => r.clause.key)).toEqual(['I.2', 'II.1', 'I.1'])
  })

  it('filters by section and by state', () => {
    expect(buildMatrix(clauses, positions, { ...all, section: 'II' }).rows.map((r) => r.clause.key)).toEqual(['II.1'])
    const austria = buildMatrix(clauses, positions, { ...all, state: 'Austria' })
    expect(austria.states).toEqual(['Austria'])
    expect(austria.rows.map((r) => r.clause.key)).toEqual(['I.2', 'I.1'])
  })

  it('lists clauses without positions only when asked', () => {
    expect(buildMatrix(clauses, [], all).rows).toHaveLength(0)
    expect(buildMatrix(clauses, [], { ...all, includeQuiet: true }).rows).toHaveLength(3)
  })

  it('colours a cell by the strongest objection', () => {
    expect(dominantStance([position('X', 'a', 'support'), position('X', 'a', 'reservation')])).toBe('reservation')
    const table = renderMatrixTable(buildMatrix(clauses, positions, all), () => {})
    const cell = present(table.querySelector('tr[data-clause="b"] td.rt-stance-oppose'))
    expect(cell.getAttribute('aria-label')).toBe('Austria on I.2: Opposes')
  })

  it('opens a clause from its row', () => {
    const opened: string[] = []
    const table = renderMatrixTable(buildMatrix(clauses, positions, all), (id) => opened.push(id))
    present(table.querySelector<HTMLButtonElement>('tr[data-clause="c"] button')).click()
    expect(opened).toEqual(['c'])
  })
})

describe('states in the matrix', () => {
  it('are one column however the name was typed', async () => {
    const { buildMatrix } = await import('../../../client/views/matrix')
    const base = {
      negotiationId: 'n',
      target: null,
      comment: '',
      source: '',
      reading: null,
      author: 'a',
      createdAt: '',
      updatedAt: '',
    }
    const data = buildMatrix(
      [{ id: 'c1', key: 'I.1', section: 'I', text: 'x' }],
      [
        { ...base, id: 'p1', state: 'austria ', clauseId: 'c1', stance: 'support' },
        { ...base, id: 'p2', state: 'Austria', clauseId: 'c1', stance: 'oppose' },
      ],
      { section: null, state: null, includeQuiet: false },
    )
    expect(data.states).toEqual(['Austria'])
  })
})
