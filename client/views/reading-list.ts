import { may } from '../../shared/protocol/roles'
import type { Me, ReadingSummary } from '../../shared/protocol/wire'
import type { Api } from '../api'
import { h, replaceChildren } from '../dom'
import { exportButton, exportFormats } from './files'
import { runAction, type Notices } from './notices'

/** What the list of readings needs from the app. */
export interface ReadingListContext {
  api: Api
  negotiation: string
  me: Me
  notices: Notices
  /** Told of a reading the chair renamed or noted, as the server now has it. */
  relabelled: (reading: ReadingSummary) => void
}

const fold = (name: string) => name.replace(/\s+/g, ' ').trim().toLowerCase()

/** Every frozen reading with its date, brackets left, who froze it, its note
 *  and downloads; the chair renames a reading and notes it in place (two
 *  readings never share a name). */
export class ReadingList {
  readonly element: HTMLElement
  private readonly body = h('tbody', {})
  private readings: readonly ReadingSummary[] = []

  constructor(private readonly ctx: ReadingListContext) {
    const headings = ['Reading', 'Date', 'Brackets', 'Frozen by', 'Download']
    this.element = h(
      'details',
      { class: 'rt-reading-list rt-no-print' },
      h('summary', {}, 'Readings'),
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            headings.map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        this.body,
      ),
    )
    this.render([])
  }

  /** Shows these readings (oldest first). */
  render(readings: readonly ReadingSummary[]): void {
    this.readings = readings
    replaceChildren(
      this.body,
      readings.length
        ? readings.map((r) => this.row(r))
        : h('tr', {}, h('td', { colspan: 5, class: 'rt-empty-note' }, 'No reading frozen yet.')),
    )
  }

  private row(r: ReadingSummary): HTMLElement {
    const { api, negotiation, notices } = this.ctx
    const row = h(
      'tr',
      { 'data-reading': r.id },
      h(
        'td',
        { dir: 'auto' },
        h('span', { class: 'rt-reading-name' }, r.name),
        r.note && h('p', { class: 'rt-reading-note' }, r.note),
        may(this.ctx.me.role, 'manage-readings') &&
          h(
            'button',
            {
              type: 'button',
              class: 'rt-quiet',
              'aria-label': `Rename or note ${r.name}`,
              onclick: () => row.replaceWith(this.editor(r, row)),
            },
            'Rename / note',
          ),
      ),
      h('td', {}, r.date),
      h('td', {}, String(r.brackets.pairs)),
      h('td', { dir: 'auto' }, r.createdBy.name),
      h(
        'td',
        { class: 'rt-downloads' },
        exportFormats.map(({ format, short, label }) =>
          exportButton(api, negotiation, notices, format, short, r.id, `${r.name} as ${label}`),
        ),
      ),
    )
    return row
  }

  /** The row of `r` as a form: its name and note, saved or given up. */
  private editor(r: ReadingSummary, row: HTMLElement): HTMLElement {
    const name = h('input', { name: 'name', required: true, dir: 'auto', value: r.name, 'aria-label': 'New name' })
    const note = h('textarea', { name: 'note', dir: 'auto', rows: 2, maxlength: 2000, 'aria-label': 'Note' }, r.note)
    const save = h('button', { type: 'submit' }, 'Save')
    const cancel = h('button', { type: 'button', class: 'rt-quiet', onclick: () => form.replaceWith(row) }, 'Cancel')
    const form = h(
      'tr',
      { 'data-reading': r.id },
      h(
        'td',
        { colspan: 5 },
        h(
          'form',
          {
            class: 'rt-form rt-relabel',
            'aria-label': `Rename or note ${r.name}`,
            onsubmit: (e: Event) => {
              e.preventDefault()
              this.save(r, name.value.trim(), note.value, save)
            },
          },
          h('label', {}, 'Name ', name),
          h('label', {}, 'Note ', note),
          h('div', { class: 'rt-row-actions' }, save, cancel),
        ),
      ),
    )
    queueMicrotask(() => name.focus())
    return form
  }

  private save(r: ReadingSummary, name: string, note: string, button: HTMLButtonElement): void {
    const { api, negotiation, notices } = this.ctx
    if (this.readings.some((other) => other.id !== r.id && fold(other.name) === fold(name))) {
      notices.show(`A reading is already called “${name}”: choose another name.`, 'error')
      return
    }
    runAction(button, notices, async () => {
      const saved = await api.relabelReading(negotiation, r.id, { name, note })
      this.ctx.relabelled(saved)
      notices.show(saved.name === r.name ? `Note on “${saved.name}” saved.` : `“${r.name}” renamed “${saved.name}”.`)
    })
  }
}
