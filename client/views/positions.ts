import type { Position, PositionInput, Proposal, Stance } from '../../shared/positions/position'
import { stances } from '../../shared/positions/position'
import { pinnedNote } from '../../shared/positions/pinned'
import { h, replaceChildren } from '../dom'
import { may } from '../../shared/protocol/roles'
import type { Me } from '../../shared/protocol/wire'
import type { Api } from '../api'
import { readableNotation, type ClauseEntry } from '../editor/clauses'
import { runAction, type Notices } from './notices'
import { askText } from './confirm'
import { wordsInClause } from '../../shared/positions/words'
import { stanceBadge, stanceLabels } from './stances'
import { colorFor } from '../collab/awareness'

/** Positions on one clause; with `targets`, those on these bracketed options
 *  (or on the whole clause) come first and are marked. */
export function positionsOn(
  positions: readonly Position[],
  clauseId: string,
  targets: readonly string[] | null,
): (Position & { onTarget: boolean })[] {
  const wanted = targets?.map((t) => t.trim())
  return positions
    .filter((p) => p.clauseId === clauseId)
    .map((p) => ({ ...p, onTarget: !!wanted && (p.target === null || wanted.includes(p.target.trim())) }))
    .sort((a, b) => Number(b.onTarget) - Number(a.onTarget) || a.state.localeCompare(b.state))
}

/** One position as a list item; the author's own delegation gets edit and withdraw. */
export function renderPosition(
  p: Position & { onTarget?: boolean },
  actions: HTMLElement[] = [],
  clauseText: string | null = null,
): HTMLElement {
  const note = pinnedNote(p, clauseText)
  return h(
    'li',
    { class: `rt-position${p.onTarget ? ' rt-on-target' : ''}`, 'data-state': p.state },
    h(
      'div',
      { class: 'rt-position-head' },
      h('span', { class: 'rt-state', style: `--state-color:${colorFor(p.state)}` }, p.state),
      stanceBadge(p.stance),
      p.target && h('q', { class: 'rt-target', dir: 'auto' }, p.target),
    ),
    p.comment && h('p', { class: 'rt-comment', dir: 'auto' }, p.comment),
    h(
      'p',
      { class: 'rt-source' },
      [p.source, p.reading ? 'on a frozen reading' : '', `${p.author}, ${formatDate(p.updatedAt)}`]
        .filter(Boolean)
        .join(' · '),
    ),
    note && h('p', { class: 'rt-pinned-note' }, note),
    actions.length > 0 && h('div', { class: 'rt-row-actions' }, actions),
  )
}

const excerpt = (text: string, length: number) => (text.length > length ? `${text.slice(0, length)}…` : text)

/** Dates as diplomats write them in reports: 3 Sep 2025, 14:05. */
export function formatDate(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** What the panel needs from the rest of the app. */
export interface ClausePanelContext {
  api: Api
  negotiation: string
  me: Me
  notices: Notices
  /** The text selected in the editor, to prefill a target. */
  selectedText: () => string
  /** Puts back the text a clause had in a reading (the chair); false when
   *  the reading has no such clause. */
  restoreFromReading?: (clauseId: string, readingId: string) => Promise<boolean>
  /** Inserts a proposal into the text as an alternative; false if the clause is gone. */
  insertProposal: (proposal: Proposal) => Promise<'inserted' | 'gone' | 'cancelled'>
}

/** The side panel for the clause holding the cursor: each state's position
 *  (the user's own delegation adds, edits and withdraws its own), proposals
 *  of other wording, and the clause's history. */
export class ClausePanel {
  readonly element: HTMLElement
  private readonly heading = h('div', { class: 'rt-clause-head' })
  private readonly positionList = h('ul', { class: 'rt-positions', 'aria-label': 'Positions on this clause' })
  private readonly proposalList = h('ul', { class: 'rt-proposals', 'aria-label': 'Proposals for this clause' })
  private readonly historyList = h('ol', { class: 'rt-history', 'aria-label': 'History of this clause' })
  private readonly targetNote = h('p', { class: 'rt-target-note', hidden: true })
  private readonly positionForm: PositionForm | null
  private readonly proposalForm: HTMLFormElement | null
  private clause: ClauseEntry | null = null
  private readonly readingChoice = h('select', { 'aria-label': 'Reading to restore from' })
  private readonly restoreForm: HTMLFormElement | null
  private targets: string[] | null = null
  private positions: Position[] = []
  private proposals: Proposal[] = []

  constructor(private readonly ctx: ClausePanelContext) {
    const delegation = may(ctx.me.role, 'speak-for-state') && !!ctx.me.state
    this.positionForm = delegation ? new PositionForm(ctx, () => this.clause) : null
    this.proposalForm = delegation ? this.buildProposalForm() : null
    this.restoreForm = ctx.restoreFromReading ? this.buildRestoreForm() : null
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
      h(
        'section',
        { 'aria-labelledby': 'rt-proposals-title' },
        h('h3', { id: 'rt-proposals-title' }, 'Proposals'),
        this.proposalList,
        this.proposalForm,
      ),
      h(
        'section',
        { 'aria-labelledby': 'rt-history-title' },
        h('h3', { id: 'rt-history-title' }, 'History'),
        h('button', { type: 'button', class: 'rt-quiet', onclick: () => this.loadHistory() }, 'Show history'),
        this.historyList,
        this.restoreForm,
      ),
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
    this.proposalForm?.reset()
    replaceChildren(this.historyList)
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
    this.proposals = proposals
    this.render()
  }

  private render(): void {
    const clause = this.clause
    if (!clause?.id) {
      replaceChildren(
        this.heading,
        h('p', { class: 'rt-empty-note' }, 'Put the cursor in a clause to see the positions on it.'),
      )
      replaceChildren(this.positionList)
      replaceChildren(this.proposalList)
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
        ? mine.map((p) => renderPosition(p, this.ownActions(p), clause.text))
        : h('li', { class: 'rt-empty-note' }, 'No positions recorded.'),
    )
    const proposals = this.proposals.filter((p) => p.clauseId === clause.id)
    replaceChildren(
      this.proposalList,
      proposals.length
        ? proposals.map((p) => this.renderProposal(p))
        : h('li', { class: 'rt-empty-note' }, 'No proposals.'),
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

  private renderProposal(p: Proposal): HTMLElement {
    const decides = may(this.ctx.me.role, 'insert-proposals')
    const own = this.ctx.me.role === 'delegation' && this.ctx.me.state === p.state
    const insert = h('button', { type: 'button', onclick: () => this.insert(p, insert) }, 'Insert as alternative')
    const action = (label: string, change: 'decline' | 'withdraw' | 'reopen') => {
      const button = h(
        'button',
        { type: 'button', class: 'rt-quiet', onclick: () => this.changeStatus(p, change, button) },
        label,
      )
      return button
    }
    const actions = [
      decides && p.status === 'open' && insert,
      decides && p.status === 'open' && action('Decline', 'decline'),
      own && p.status === 'open' && action('Withdraw', 'withdraw'),
      ((decides && p.status === 'declined') || (own && p.status === 'withdrawn')) && action('Reopen', 'reopen'),
    ].filter((a): a is HTMLButtonElement => !!a)
    return h(
      'li',
      { class: `rt-proposal rt-proposal-${p.status}`, 'data-state': p.state },
      h(
        'div',
        { class: 'rt-position-head' },
        h('span', { class: 'rt-state', style: `--state-color:${colorFor(p.state)}` }, p.state),
        p.target ? ['for ', h('q', { class: 'rt-target', dir: 'auto' }, p.target)] : 'for the whole clause',
        p.status !== 'open' && h('span', { class: 'rt-badge' }, p.status),
      ),
      h('p', { class: 'rt-proposed-text', dir: 'auto' }, h('ins', {}, p.text)),
      p.comment && h('p', { class: 'rt-comment', dir: 'auto' }, p.comment),
      p.reason && h('p', { class: 'rt-comment', dir: 'auto' }, `Declined: ${p.reason}`),
      p.decided &&
        p.status !== 'open' &&
        h('p', { class: 'rt-source' }, `${p.decided.by}, ${formatDate(p.decided.at)}`),
      actions.length > 0 && h('div', { class: 'rt-row-actions' }, actions),
    )
  }

  private async changeStatus(
    p: Proposal,
    change: 'decline' | 'withdraw' | 'reopen',
    button: HTMLButtonElement,
  ): Promise<void> {
    const reason =
      change === 'decline'
        ? await askText(`Why is ${p.state}'s proposal declined? The delegation sees the reason.`, 'Reason', 'Decline')
        : undefined
    if (reason === null) return
    const done = { decline: 'Proposal declined.', withdraw: 'Proposal withdrawn.', reopen: 'Proposal reopened.' }[
      change
    ]
    await runAction(button, this.ctx.notices, () =>
      this.ctx.api.changeProposal(this.ctx.negotiation, p.id, change, reason),
    ).then((ok) => ok && this.ctx.notices.show(done))
  }

  private async insert(p: Proposal, button: HTMLButtonElement): Promise<void> {
    const outcome = await this.ctx.insertProposal(p)
    if (outcome === 'gone') this.ctx.notices.show('The clause of this proposal is no longer in the text.', 'error')
    if (outcome !== 'inserted') return
    await runAction(button, this.ctx.notices, () => this.ctx.api.markInserted(this.ctx.negotiation, p.id)).then(
      (ok) => ok && this.ctx.notices.show(`${p.state}'s wording inserted as an alternative.`),
    )
  }

  private buildProposalForm(): HTMLFormElement {
    const target = h('input', {
      name: 'target',
      dir: 'auto',
      placeholder: 'Whole clause',
      'aria-label': 'Wording to replace',
    })
    const text = h('textarea', { name: 'text', dir: 'auto', rows: 2, required: true, 'aria-label': 'Proposed wording' })
    const comment = h('input', { name: 'comment', dir: 'auto', 'aria-label': 'Comment on the proposal' })
    const submit = h('button', { type: 'submit' }, 'Propose')
    const form = h(
      'form',
      {
        class: 'rt-form',
        'aria-label': 'Propose other wording',
        onsubmit: (e: Event) => {
          e.preventDefault()
          const clauseId = this.clause?.id
          if (!clauseId) return
          runAction(submit, this.ctx.notices, () =>
            this.ctx.api.propose(this.ctx.negotiation, {
              clauseId,
              target: target.value.trim() || null,
              text: text.value,
              comment: comment.value,
            }),
          ).then((ok) => {
            if (ok) {
              form.reset()
              this.ctx.notices.show('Proposal sent to the chair.')
            }
          })
        },
      },
      h(
        'label',
        {},
        'Replace ',
        target,
        h(
          'button',
          {
            type: 'button',
            class: 'rt-quiet',
            onclick: () => {
              target.value = this.ctx.selectedText()
            },
          },
          'Use selection',
        ),
      ),
      h('label', {}, 'with ', text),
      h('label', {}, 'Comment ', comment),
      submit,
    )
    return form
  }

  /** The readings the chair may restore a clause's text from (newest first). */
  setReadings(readings: readonly { id: string; name: string; date: string }[]): void {
    replaceChildren(
      this.readingChoice,
      [...readings].reverse().map((r) => h('option', { value: r.id }, `${r.name} (${r.date})`)),
    )
    if (this.restoreForm) this.restoreForm.hidden = readings.length === 0
  }

  private buildRestoreForm(): HTMLFormElement {
    const submit = h('button', { type: 'submit' }, 'Restore')
    const form = h(
      'form',
      {
        class: 'rt-row-actions',
        'aria-label': 'Restore this clause from a reading',
        hidden: true,
        onsubmit: (e: Event) => {
          e.preventDefault()
          const clause = this.clause
          const restore = this.ctx.restoreFromReading
          if (!clause?.id || !restore || !this.readingChoice.value) return
          const readingId = this.readingChoice.value
          runAction(submit, this.ctx.notices, async () => {
            const done = await restore(clause.id ?? '', readingId)
            this.ctx.notices.show(
              done
                ? `${clause.key} restored from ${this.readingChoice.selectedOptions[0]?.textContent ?? 'the reading'}.`
                : `${clause.key} is not in that reading.`,
              done ? 'info' : 'error',
            )
          })
        },
      },
      h('label', {}, 'Text from ', this.readingChoice),
      submit,
    )
    return form
  }

  private async loadHistory(): Promise<void> {
    const id = this.clause?.id
    if (!id) return
    await runAction(null, this.ctx.notices, async () => {
      const entries = await this.ctx.api.clauseHistory(this.ctx.negotiation, id)
      replaceChildren(
        this.historyList,
        entries.length
          ? entries.map((e) => h('li', {}, `${formatDate(e.at)} · ${historyAuthor(e.author)} · ${e.kind}`))
          : h('li', { class: 'rt-empty-note' }, 'No changes recorded.'),
      )
    })
  }
}

/** The delegation's own position form: record a new one, or edit one. */
class PositionForm {
  readonly element: HTMLFormElement
  private editing: Position | null = null
  private readonly stance = h(
    'select',
    { name: 'stance', 'aria-label': 'Stance' },
    stances.map((s) => h('option', { value: s }, stanceLabels[s])),
  )
  private readonly target = h('input', {
    name: 'target',
    dir: 'auto',
    placeholder: 'Whole clause',
    'aria-label': 'On which words (empty: the whole clause)',
  })
  private readonly comment = h('textarea', { name: 'comment', dir: 'auto', rows: 2, 'aria-label': 'Comment' })
  private readonly source = h('input', {
    name: 'source',
    dir: 'auto',
    placeholder: 'statement, working paper…',
    'aria-label': 'Source',
  })
  private readonly submit = h('button', { type: 'submit' }, 'Record position')
  private readonly cancel = h(
    'button',
    { type: 'button', class: 'rt-quiet', hidden: true, onclick: () => this.reset() },
    'Cancel',
  )

  constructor(
    private readonly ctx: ClausePanelContext,
    private readonly clause: () => ClauseEntry | null,
  ) {
    this.element = h(
      'form',
      {
        class: 'rt-form',
        'aria-label': `Position of ${ctx.me.state}`,
        onsubmit: (e: Event) => {
          e.preventDefault()
          this.save()
        },
      },
      h('h4', {}, `${ctx.me.state}'s position`),
      h('label', {}, 'Stance ', this.stance),
      h(
        'label',
        {},
        'On ',
        this.target,
        h(
          'button',
          {
            type: 'button',
            class: 'rt-quiet',
            onclick: () => {
              this.target.value = ctx.selectedText()
            },
          },
          'Use selection',
        ),
      ),
      h('label', {}, 'Comment ', this.comment),
      h('label', {}, 'Source ', this.source),
      h('div', { class: 'rt-row-actions' }, this.submit, this.cancel),
    )
  }

  /** Starts a new position on one option's words. */
  onOption(words: string): void {
    if (this.editing) return
    this.target.value = words
  }

  /** Fills the form with one of the delegation's positions to change it. */
  edit(p: Position): void {
    this.editing = p
    this.stance.value = p.stance
    this.target.value = p.target ?? ''
    this.comment.value = p.comment
    this.source.value = p.source
    this.submit.textContent = 'Update position'
    this.cancel.hidden = false
    this.stance.focus()
  }

  reset(): void {
    this.editing = null
    this.element.reset()
    this.submit.textContent = 'Record position'
    this.cancel.hidden = true
  }

  private save(): void {
    const clause = this.clause()
    if (!clause?.id) return
    const words = this.target.value.trim()
    if (words && !wordsInClause(words, clause.text)) {
      this.ctx.notices.show(
        `“${words}” is not in ${clause.key}: quote words of the clause, or leave the field empty for the whole clause.`,
        'error',
      )
      this.target.focus()
      return
    }
    const input: PositionInput = {
      clauseId: clause.id,
      stance: this.stance.value as Stance,
      target: this.target.value.trim() || null,
      comment: this.comment.value,
      source: this.source.value,
    }
    const { api, negotiation, notices } = this.ctx
    const editing = this.editing
    runAction(this.submit, notices, () =>
      editing ? api.updatePosition(negotiation, editing.id, input) : api.addPosition(negotiation, input),
    ).then((ok) => {
      if (ok) {
        this.reset()
        notices.show(editing ? 'Position updated.' : 'Position recorded.')
      }
    })
  }
}

/** Who made a change, as the history names them: role, delegation, name. */
function historyAuthor(author: { role: string; state: string | null; name: string }): string {
  return [author.role, author.state, author.name].filter(Boolean).join(', ')
}
