import type { Proposal } from '../../shared/positions/position'
import { may } from '../../shared/protocol/roles'
import type { Me } from '../../shared/protocol/wire'
import type { Api } from '../api'
import { colorFor } from '../collab/awareness'
import { h, replaceChildren } from '../dom'
import { askText } from './confirm'
import { formatDate } from './dates'
import { runAction, type Notices } from './notices'

/** What the proposals section needs from the app. */
export interface ClauseProposalsContext {
  api: Api
  negotiation: string
  me: Me
  notices: Notices
  /** The text selected in the editor, to prefill the words a proposal replaces. */
  selectedText: () => string
  /** Which of the places in the clause reading as `target` the words selected in the editor are (0 when the
   *  selection is elsewhere): what the proposal is anchored to. */
  selectedOccurrence?: (clauseId: string, target: string) => number
  /** Inserts a proposal into the text as an alternative; 'gone' if the clause is gone. */
  insertProposal: (proposal: Proposal) => Promise<'inserted' | 'gone' | 'cancelled'>
}

/** The proposals part of the clause panel: the proposals for the clause with
 *  what the user may do with each (the chair and editors insert or decline,
 *  the proposing delegation withdraws, either reopens), and for a delegation
 *  the form to propose other wording. */
export class ClauseProposals {
  readonly element: HTMLElement
  private readonly list = h('ul', { class: 'rt-proposals', 'aria-label': 'Proposals for this clause' })
  private readonly form: HTMLFormElement | null

  constructor(
    private readonly ctx: ClauseProposalsContext,
    private readonly clauseId: () => string | null,
  ) {
    const delegation = may(ctx.me.role, 'speak-for-state') && !!ctx.me.state
    this.form = delegation ? this.buildForm() : null
    this.element = h(
      'section',
      { 'aria-labelledby': 'rt-proposals-title' },
      h('h3', { id: 'rt-proposals-title' }, 'Proposals'),
      this.list,
      this.form,
    )
  }

  /** Shows the proposals for the clause (none when no clause is selected). */
  render(proposals: readonly Proposal[]): void {
    const id = this.clauseId()
    if (!id) {
      replaceChildren(this.list)
      return
    }
    const mine = proposals.filter((p) => p.clauseId === id)
    replaceChildren(
      this.list,
      mine.length ? mine.map((p) => this.renderProposal(p)) : h('li', { class: 'rt-empty-note' }, 'No proposals.'),
    )
  }

  /** Empties the proposal form (the cursor went to another clause). */
  reset(): void {
    this.form?.reset()
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

  private buildForm(): HTMLFormElement {
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
          const clauseId = this.clauseId()
          if (!clauseId) return
          const words = target.value.trim()
          const occurrence = words ? (this.ctx.selectedOccurrence?.(clauseId, words) ?? 0) : 0
          runAction(submit, this.ctx.notices, () =>
            this.ctx.api.propose(this.ctx.negotiation, {
              clauseId,
              target: words || null,
              ...(occurrence > 0 && { occurrence }),
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
}
