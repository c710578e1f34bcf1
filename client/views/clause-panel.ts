import type { Position, Proposal } from '../../shared/positions/position'
import { may } from '../../shared/protocol/roles'
import { h, replaceChildren } from '../dom'
import { readableNotation, type ClauseEntry } from '../editor/clauses'
import { ClauseHistory, type ClauseHistoryContext } from './clause-history'
import { ClauseProposals, type ClauseProposalsContext } from './clause-proposals'
import { PositionForm, type PositionFormContext } from './position-form'
import { positionsOn, renderPosition } from './position-list'
import { runAction } from './notices'

/** What the panel needs from the rest of the app. */
export type ClausePanelContext = PositionFormContext & ClauseProposalsContext & ClauseHistoryContext

const excerpt = (text: string, length: number) => (text.length > length ? `${text.slice(0, length)}…` : text)

/** The side panel for the clause holding the cursor: each state's position
 *  (the user's own delegation adds, edits and withdraws its own), proposals
 *  of other wording, and the clause's history. */
export class ClausePanel {
  readonly element: HTMLElement
  private readonly heading = h('div', { class: 'rt-clause-head' })
  private readonly positionList = h('ul', { class: 'rt-positions', 'aria-label': 'Positions on this clause' })
  private readonly targetNote = h('p', { class: 'rt-target-note', hidden: true })
  private readonly positionForm: PositionForm | null
  private readonly proposals: ClauseProposals
  private readonly history: ClauseHistory
  private clause: ClauseEntry | null = null
  private targets: string[] | null = null
  private positions: Position[] = []
  private proposalData: Proposal[] = []
  /** Reading names by id, for the note on a position recorded on one. */
  private readingNames = new Map<string, string>()

  constructor(private readonly ctx: ClausePanelContext) {
    const delegation = may(ctx.me.role, 'speak-for-state') && !!ctx.me.state
    this.positionForm = delegation ? new PositionForm(ctx, () => this.clause) : null
    this.proposals = new ClauseProposals(ctx, () => this.clause?.id ?? null)
    this.history = new ClauseHistory(ctx, () => this.clause)
    this.element = h(
      'aside',
      { class: 'rt-clause-panel', 'aria-label': 'Selected clause' },
      this.heading,
      h(
        'section',
        { 'aria-labelledby': 'rt-positions-title' },
        h('h3', { id: 'rt-positions-title' }, 'Positions'),
        this.targetNote,
        this.positionList,
        this.positionForm?.element,
      ),
      this.proposals.element,
      this.history.element,
    )
    this.render()
  }

  /** Follows the cursor to another clause (null: no clause selected). While
   *  the user types in the same clause only its heading is redrawn. */
  showClause(clause: ClauseEntry | null): void {
    const moved = clause?.id !== this.clause?.id
    const sameHeading =
      !moved &&
      clause?.key === this.clause?.key &&
      clause?.text === this.clause?.text &&
      clause?.status === this.clause?.status
    this.clause = clause
    if (sameHeading) return
    if (!moved && clause?.id) {
      this.renderHeading(clause)
      return
    }
    this.targets = null
    this.positionForm?.reset()
    this.proposals.reset()
    this.history.clear()
    this.render()
  }

  /** Puts the positions on these bracketed options first ("Positions on
   *  this"), and starts the delegation's own position on `option`. */
  showTargets(targets: string[], option?: string): void {
    this.targets = targets
    if (option !== undefined) this.positionForm?.onOption(readableNotation(option))
    this.render()
    this.positionList.querySelector<HTMLElement>('.rt-on-target')?.scrollIntoView({ block: 'nearest' })
  }

  /** New positions and proposals from the server. */
  setData(positions: Position[], proposals: Proposal[]): void {
    this.positions = positions
    this.proposalData = proposals
    this.render()
  }

  /** The readings the chair may restore a clause's text from. */
  setReadings(readings: readonly { id: string; name: string; date: string }[]): void {
    this.history.setReadings(readings)
    const names = new Map(readings.map((r) => [r.id, r.name]))
    const renamed = [...names].some(([id, name]) => this.readingNames.get(id) !== name)
    this.readingNames = names
    // A position's note names the reading it was recorded on.
    if (renamed && this.positions.some((p) => p.reading)) this.render()
  }

  private render(): void {
    const clause = this.clause
    this.proposals.render(this.proposalData)
    if (!clause?.id) {
      replaceChildren(
        this.heading,
        h('p', { class: 'rt-empty-note' }, 'Put the cursor in a clause to see the positions on it.'),
      )
      replaceChildren(this.positionList)
      this.targetNote.hidden = true
      return
    }
    this.renderHeading(clause)
    this.targetNote.hidden = !this.targets
    replaceChildren(
      this.targetNote,
      this.targets && [
        'On ',
        this.targets.map((t) => `[${t}]`).join(''),
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'rt-quiet',
            onclick: () => {
              this.targets = null
              this.render()
            },
          },
          'Show all',
        ),
      ],
    )
    const mine = positionsOn(this.positions, clause.id, this.targets)
    replaceChildren(
      this.positionList,
      mine.length
        ? mine.map((p) =>
            renderPosition(
              p,
              this.ownActions(p),
              clause.text,
              p.reading ? this.readingNames.get(p.reading) : undefined,
            ),
          )
        : h('li', { class: 'rt-empty-note' }, 'No positions recorded.'),
    )
  }

  private renderHeading(clause: ClauseEntry): void {
    replaceChildren(
      this.heading,
      h(
        'h2',
        { class: 'rt-pane-title' },
        clause.key,
        clause.status === 'adref' && h('span', { class: 'rt-adref-badge' }, 'ad ref.'),
      ),
      h('p', { class: 'rt-clause-excerpt', dir: 'auto' }, excerpt(readableNotation(clause.text), 220)),
    )
  }

  private ownActions(p: Position): HTMLElement[] {
    const form = this.positionForm
    if (!form || p.state !== this.ctx.me.state) return []
    const withdraw = h(
      'button',
      {
        type: 'button',
        class: 'rt-quiet rt-danger',
        onclick: () =>
          runAction(withdraw, this.ctx.notices, () => this.ctx.api.withdrawPosition(this.ctx.negotiation, p.id)).then(
            (ok) => ok && this.ctx.notices.show('Position withdrawn.'),
          ),
      },
      'Withdraw',
    )
    return [h('button', { type: 'button', class: 'rt-quiet', onclick: () => form.edit(p) }, 'Edit'), withdraw]
  }
}
