// @vitest-environment happy-dom
import { present } from '../../../shared/present'
import { describe, expect, it, vi } from 'vitest'
import type { Position, PositionInput, Proposal } from '../../../shared/positions/position'
import type { Me } from '../../../shared/protocol/wire'
import { ApiError, type Api } from '../../../client/api'
import { ClausePanel } from '../../../client/views/clause-panel'
import { positionsOn } from '../../../client/views/position-list'
import { Notices } from '../../../client/views/notices'
import type { ClauseEntry } from '../../../client/editor/clauses'

const clause: ClauseEntry = {
  id: 'c-1',
  key: 'II.3',
  section: 'II',
  level: 1,
  status: 'open',
  text: 'States [shall][should] act.',
  pos: 0,
}
const position = (state: string, stance: Position['stance'], target: string | null = null): Position => ({
  id: `p-${state}`,
  negotiationId: 'n',
  state,
  clauseId: 'c-1',
  target,
  stance,
  comment: `${state} says`,
  source: 'statement',
  reading: null,
  author: state,
  createdAt: '2025-09-01T10:00:00Z',
  updatedAt: '2025-09-01T10:00:00Z',
})
const proposal: Proposal = {
  id: 'q1',
  negotiationId: 'n',
  state: 'Brazil',
  clauseId: 'c-1',
  target: 'act',
  text: 'take measures',
  comment: '',
  author: 'B',
  createdAt: '',
  status: 'open',
}

function panel(me: Me, api: Partial<Api> = {}) {
  const notices = new Notices()
  const inserted: Proposal[] = []
  const view = new ClausePanel({
    api: api as Api,
    negotiation: 'n',
    me,
    notices,
    selectedText: () => 'shall',
    insertProposal: async (p) => {
      inserted.push(p)
      return 'inserted' as const
    },
  })
  document.body.replaceChildren(view.element, notices.element)
  view.showClause(clause)
  view.setData([position('Austria', 'support', 'shall'), position('China', 'oppose')], [proposal])
  return { view, notices, inserted }
}
const austria: Me = { role: 'delegation', state: 'Austria', negotiation: 'n', name: 'Anna', invitation: 'i-austria' }
const chair: Me = { role: 'chair', state: null, negotiation: 'n', name: 'Chair', invitation: 'i-chair' }
const flush = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('positionsOn', () => {
  it('puts positions on the chosen options (and on the whole clause) first', () => {
    const list = positionsOn(
      [position('Austria', 'support', 'shall'), position('Brazil', 'oppose', 'should'), position('China', 'neutral')],
      'c-1',
      ['should'],
    )
    expect(list.map((p) => [p.state, p.onTarget])).toEqual([
      ['Brazil', true],
      ['China', true],
      ['Austria', false],
    ])
  })
})

describe('the clause panel', () => {
  it("lists each state's stance, comment and source", () => {
    panel(chair)
    const items = [...document.querySelectorAll('.rt-position')].map((li) => li.textContent)
    expect(items[0]).toContain('Austria')
    expect(items[0]).toContain('Supports')
    expect(items[0]).toContain('shall')
    expect(items[0]).toContain('statement')
    expect(items[1]).toContain('Opposes')
  })

  it('lets a delegation record a position, prefilled from the selection', async () => {
    const addPosition = vi.fn(
      async (_n: string, input: PositionInput) => ({ ...position('Austria', input.stance), ...input }) as Position,
    )
    panel(austria, { addPosition })
    const form = present(document.querySelector<HTMLFormElement>('form[aria-label="Position of Austria"]'))
    present(form.querySelector<HTMLSelectElement>('select')).value = 'reservation'
    present([...form.querySelectorAll('button')].find((b) => b.textContent === 'Use selection')).click()
    present(form.querySelector<HTMLTextAreaElement>('textarea')).value = 'Prefer should.'
    form.requestSubmit()
    await flush()
    expect(addPosition).toHaveBeenCalledWith('n', {
      clauseId: 'c-1',
      stance: 'reservation',
      target: 'shall',
      comment: 'Prefer should.',
      source: '',
    })
    expect(present(document.querySelector('.rt-notices')).textContent).toContain('Position recorded.')
  })

  it("offers edit and withdraw on the delegation's own positions only", async () => {
    const withdrawPosition = vi.fn(async () => undefined)
    panel(austria, { withdrawPosition })
    const [own, other] = document.querySelectorAll('.rt-position')
    expect(other.querySelector('button')).toBeNull()
    present([...own.querySelectorAll('button')].find((b) => b.textContent === 'Withdraw')).click()
    await flush()
    expect(withdrawPosition).toHaveBeenCalledWith('n', 'p-Austria')
  })

  it("shows the server's message when saving fails", async () => {
    panel(austria, {
      addPosition: async () => {
        throw new ApiError(403, 'forbidden', 'Only Austria may change this position.')
      },
    })
    present(document.querySelector<HTMLFormElement>('form[aria-label="Position of Austria"]')).requestSubmit()
    await flush()
    expect(present(document.querySelector('.rt-notice-error')).textContent).toContain(
      'Only Austria may change this position.',
    )
  })

  it('gives no forms to observers and the chair, but lets the chair insert a proposal', async () => {
    const markInserted = vi.fn(async () => ({ ...proposal, status: 'inserted' as const }))
    const { inserted } = panel(chair, { markInserted })
    expect(document.querySelector('form')).toBeNull()
    present([...document.querySelectorAll('button')].find((b) => b.textContent === 'Insert as alternative')).click()
    await flush()
    expect(inserted).toEqual([proposal])
    expect(markInserted).toHaveBeenCalledWith('n', 'q1')
  })

  it('lets a delegation propose other wording', async () => {
    const propose = vi.fn(async () => proposal)
    panel(austria, { propose })
    const form = present(document.querySelector<HTMLFormElement>('form[aria-label="Propose other wording"]'))
    present(form.querySelector<HTMLInputElement>('input[name=target]')).value = 'act'
    present(form.querySelector<HTMLTextAreaElement>('textarea')).value = 'take measures'
    form.requestSubmit()
    await flush()
    expect(propose).toHaveBeenCalledWith('n', { clauseId: 'c-1', target: 'act', text: 'take measures', comment: '' })
  })
})
