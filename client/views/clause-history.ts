import type { HistoryEntry, Signature } from '../../shared/protocol/wire'
import type { Api } from '../api'
import { h, replaceChildren } from '../dom'
import { formatDate } from './dates'
import { runAction, type Notices } from './notices'

/** What the history section needs from the app. */
export interface ClauseHistoryContext {
  api: Api
  negotiation: string
  notices: Notices
  /** Puts back the text a clause had in a reading (the chair); false when the reading has no such clause. */
  restoreFromReading?: (clauseId: string, readingId: string) => Promise<boolean>
}

/** The clause the history is of, as the panel follows the cursor. */
export interface HistoryClause {
  id: string | null
  key: string
}

const kindNames: Record<HistoryEntry['kind'], string> = {
  created: 'added the clause',
  edited: 'edited',
  deleted: 'deleted the clause',
  'adref-agreed': 'agreed it ad referendum',
  'adref-removed': 'removed its ad ref. mark',
}

/** Who made a change, as the history names them: role, delegation, name. */
export function historyAuthor(author: Signature): string {
  return [author.role === 'system' ? 'server' : author.role, author.state, author.name].filter(Boolean).join(', ')
}

/** One line of a clause's history: when, who, what; an edit with the words it
 *  inserted and deleted marked as such. */
export function renderHistoryEntry(entry: HistoryEntry): HTMLElement {
  const words = entry.words ?? []
  return h(
    'li',
    { class: `rt-history-entry rt-history-${entry.kind}` },
    h('span', { class: 'rt-history-head' }, `${formatDate(entry.at)} · ${historyAuthor(entry.author)}`),
    ' · ',
    entry.kind === 'edited' && entry.words && !words.length ? 'edited (level or place only)' : kindNames[entry.kind],
    words.length > 0 &&
      h(
        'p',
        { class: 'rt-change-text', dir: 'auto' },
        words.map((w) =>
          w.op === 'insert'
            ? h('ins', { title: 'inserted' }, w.text)
            : w.op === 'delete'
              ? h('del', { title: 'deleted' }, w.text)
              : w.text,
        ),
      ),
  )
}

/** The history part of the clause panel: who changed the clause, how and
 *  when (loaded when asked for), and for the chair, putting back its text
 *  from a reading. */
export class ClauseHistory {
  readonly element: HTMLElement
  private readonly list = h('ol', { class: 'rt-history', 'aria-label': 'History of this clause' })
  private readonly readingChoice = h('select', { 'aria-label': 'Reading to restore from' })
  private readonly restoreForm: HTMLFormElement | null

  constructor(
    private readonly ctx: ClauseHistoryContext,
    private readonly clause: () => HistoryClause | null,
  ) {
    this.restoreForm = ctx.restoreFromReading ? this.buildRestoreForm() : null
    this.element = h(
      'section',
      { 'aria-labelledby': 'rt-history-title' },
      h('h3', { id: 'rt-history-title' }, 'History'),
      h('button', { type: 'button', class: 'rt-quiet', onclick: () => this.load() }, 'Show history'),
      this.list,
      this.restoreForm,
    )
  }

  /** Forgets the history shown (the cursor went to another clause). */
  clear(): void {
    replaceChildren(this.list)
  }

  /** The readings the chair may restore a clause's text from (newest first). */
  setReadings(readings: readonly { id: string; name: string; date: string }[]): void {
    replaceChildren(
      this.readingChoice,
      [...readings].reverse().map((r) => h('option', { value: r.id }, `${r.name} (${r.date})`)),
    )
    if (this.restoreForm) this.restoreForm.hidden = readings.length === 0
  }

  /** Loads and shows the selected clause's history. */
  async load(): Promise<void> {
    const id = this.clause()?.id
    if (!id) return
    await runAction(null, this.ctx.notices, async () => {
      const entries = await this.ctx.api.clauseHistory(this.ctx.negotiation, id)
      replaceChildren(
        this.list,
        entries.length ? entries.map(renderHistoryEntry) : h('li', { class: 'rt-empty-note' }, 'No changes recorded.'),
      )
    })
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
          const clause = this.clause()
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
}
