import type { Proposal } from '../../shared/positions/position'
import { h, replaceChildren } from '../dom'
import type { ClauseEntry } from '../editor/clauses'

/** The open proposals across the whole text, for the chair and editors: each
 *  names the state, the clause and the wording; a click opens the clause,
 *  where the panel offers to insert it as an alternative. */
export class OpenProposals {
  readonly element: HTMLElement
  private readonly list = h('ul', { class: 'rt-open-proposals' })
  private readonly heading = h('h2', { class: 'rt-pane-title' }, 'Open proposals')

  constructor(private readonly onOpenClause: (id: string) => void) {
    this.element = h(
      'section',
      { class: 'rt-proposals-pane', 'aria-label': 'Open proposals', hidden: true },
      this.heading,
      this.list,
    )
  }

  /** Redraws from the proposals and the clauses' current keys. */
  update(proposals: readonly Proposal[], clauses: readonly ClauseEntry[]): void {
    const keys = new Map(clauses.map((c) => [c.id, c.key]))
    const live = proposals.filter((p) => keys.has(p.clauseId))
    const open = live.filter((p) => p.status === 'open')
    // Open ones first; the others stay listed with their status.
    const listed = [...open, ...live.filter((p) => p.status !== 'open')]
    this.element.hidden = listed.length === 0
    replaceChildren(this.heading, `Open proposals (${open.length})`)
    replaceChildren(
      this.list,
      listed.map((p) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'rt-link',
              onclick: () => this.onOpenClause(p.clauseId),
              'aria-label': `${p.state} proposes for ${keys.get(p.clauseId)}: ${p.text}${p.status === 'open' ? '' : ` (${p.status})`}`,
            },
            `${keys.get(p.clauseId)} · ${p.state}`,
          ),
          p.status !== 'open' && h('span', { class: 'rt-badge' }, p.status),
          h(
            'span',
            { class: 'rt-proposal-excerpt', dir: 'auto' },
            p.text.length > 60 ? `${p.text.slice(0, 60)}…` : p.text,
          ),
        ),
      ),
    )
  }
}
