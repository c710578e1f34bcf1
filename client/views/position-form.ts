import type { Position, PositionInput, Stance } from '../../shared/positions/position'
import { stances } from '../../shared/positions/position'
import { wordsInClause } from '../../shared/positions/words'
import type { ClauseEntry } from '../editor/clauses'
import { h } from '../dom'
import type { Api } from '../api'
import type { Me } from '../../shared/protocol/wire'
import { runAction, type Notices } from './notices'
import { stanceLabels } from './stances'

/** What the position form needs from the app. */
export interface PositionFormContext {
  api: Api
  negotiation: string
  me: Me
  notices: Notices
  /** The text selected in the editor, to prefill the words a position is on. */
  selectedText: () => string
}

/** The delegation's own position form: record a new one, or edit one. */
export class PositionForm {
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
    private readonly ctx: PositionFormContext,
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

  /** Back to an empty form for a new position. */
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
