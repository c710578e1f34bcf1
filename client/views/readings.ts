import { h, replaceChildren } from '../dom'
import { may } from '../../shared/protocol/roles'
import type { Me, ReadingSummary } from '../../shared/protocol/wire'
import { diffPath, type Api, type DiffSide } from '../api'
import { renderComparison } from './compare'
import type { ReferenceFix } from '../editor/reference-fix'
import { HistoryPanel } from './history'
import { runAction, type Notices } from './notices'
import { saveDownload } from './files'
import { ReadingList } from './reading-list'

/** What the readings view needs from the app. */
export interface ReadingsContext {
  api: Api
  negotiation: string
  me: Me
  notices: Notices
  /** Writes a corrected reference into the live text (for those who may
   *  edit it): what was done, why not, or null when the agreed-text guard
   *  held it back (and says so itself). */
  applyReference?: (fix: ReferenceFix) => { ok: boolean; message: string } | null
}

/** Frozen readings: the chair freezes one; anyone compares two of them, or a
 *  reading with the live text, clause by clause, and prints or downloads the
 *  comparison. */
export class ReadingsView {
  readonly element: HTMLElement
  private readonly from = h('select', { 'aria-label': 'Compare from' })
  private readonly to = h('select', { 'aria-label': 'Compare to' })
  private readonly list: ReadingList
  private readonly result = h('div', { class: 'rt-comparison-host', 'aria-live': 'polite' })
  private readings: ReadingSummary[] = []
  /** Whether the user picked the sides; until then they follow the default. */
  private picked = false
  /** Brackets and clause histories across all readings. */
  private readonly history: HistoryPanel

  constructor(private readonly ctx: ReadingsContext) {
    for (const select of [this.from, this.to])
      select.addEventListener('change', () => {
        this.picked = true
      })
    const compare = h('button', { type: 'submit', class: 'rt-primary' }, 'Compare')
    this.history = new HistoryPanel(ctx).bind(() => this.readings)
    this.list = new ReadingList({
      ...ctx,
      relabelled: (saved) => this.setReadings(this.readings.map((r) => (r.id === saved.id ? saved : r))),
    })
    this.element = h(
      'section',
      { class: 'rt-readings', 'aria-label': 'Readings and comparison' },
      h(
        'form',
        {
          class: 'rt-toolbar rt-no-print',
          'aria-label': 'Choose what to compare',
          onsubmit: (e: Event) => {
            e.preventDefault()
            this.compare(compare)
          },
        },
        h('label', {}, 'From ', this.from),
        h('label', {}, 'to ', this.to),
        compare,
        h('button', { type: 'button', onclick: () => window.print() }, 'Print'),
        h(
          'button',
          { type: 'button', onclick: (e: Event) => this.download(e.currentTarget as HTMLButtonElement, 'html') },
          'Printable page',
        ),
        h(
          'button',
          { type: 'button', onclick: (e: Event) => this.download(e.currentTarget as HTMLButtonElement, 'docx') },
          'Download .docx',
        ),
      ),
      may(ctx.me.role, 'manage-readings') && this.freezeForm(),
      this.list.element,
      this.history.element,
      this.result,
    )
    this.setReadings([])
  }

  /** The readings as the server lists them (oldest first). Until the user
   *  picks, the comparison is of the latest reading with the live text. */
  setReadings(readings: ReadingSummary[]): void {
    this.readings = readings
    const choose = (select: HTMLSelectElement, fallback: DiffSide) => {
      const current = select.value
      replaceChildren(
        select,
        readings.map((r) => h('option', { value: r.id }, this.label(r.id, true))),
        h('option', { value: 'live' }, 'Live text'),
      )
      const kept = this.picked && (current === 'live' || readings.some((r) => r.id === current))
      select.value = kept ? current : fallback
    }
    choose(this.from, readings.at(-1)?.id ?? 'live')
    choose(this.to, 'live')
    this.list.render(readings)
  }

  /** Fetches and shows the comparison of the chosen sides. */
  async compare(button: HTMLButtonElement | null = null): Promise<void> {
    const from = this.from.value
    const to = this.to.value
    await runAction(button, this.ctx.notices, async () => {
      const diff = await this.ctx.api.diff(this.ctx.negotiation, from, to)
      const apply = this.ctx.applyReference
      // A corrected reference cites where clauses stand in the live text: it can only be written there.
      const actions =
        apply && to === 'live'
          ? {
              applyReference: (fix: ReferenceFix) => {
                const done = apply(fix)
                if (done) this.ctx.notices.show(done.message, done.ok ? 'info' : 'error')
                return done?.ok === true
              },
            }
          : {}
      replaceChildren(this.result, renderComparison(diff, { from: this.label(from), to: this.label(to) }, actions))
    })
  }

  /** A reading as named in pick lists and headings: its name, with its date
   *  in lists (and wherever another reading has the same name). */
  private label(side: DiffSide, dated = false): string {
    if (side === 'live') return 'the live text'
    const reading = this.readings.find((r) => r.id === side)
    if (!reading) return side
    const namesakes = this.readings.filter((r) => r.name === reading.name)
    const day = reading.date ?? reading.createdAt.slice(0, 10)
    const sameDay = namesakes.filter((r) => (r.date ?? r.createdAt.slice(0, 10)) === day)
    const nth = sameDay.length > 1 ? ` #${sameDay.indexOf(reading) + 1}` : ''
    return dated || namesakes.length > 1 ? `${reading.name} (${day}${nth})` : reading.name
  }

  private freezeForm(): HTMLFormElement {
    const name = h('input', {
      name: 'name',
      required: true,
      dir: 'auto',
      placeholder: 'Third reading',
      'aria-label': 'Name of the reading',
    })
    const date = h('input', { name: 'date', type: 'date', 'aria-label': 'Date of the reading' })
    const submit = h('button', { type: 'submit' }, 'Freeze reading')
    const form = h(
      'form',
      {
        class: 'rt-toolbar rt-no-print',
        'aria-label': 'Freeze a reading',
        onsubmit: (e: Event) => {
          e.preventDefault()
          const wanted = name.value.trim()
          if (this.readings.some((r) => r.name.trim().toLowerCase() === wanted.toLowerCase())) {
            this.ctx.notices.show(`A reading is already called “${wanted}”: give this one another name.`, 'error')
            return
          }
          runAction(submit, this.ctx.notices, async () => {
            const reading = await this.ctx.api.freezeReading(
              this.ctx.negotiation,
              name.value.trim(),
              date.value || undefined,
            )
            this.setReadings([...this.readings.filter((r) => r.id !== reading.id), reading])
            this.ctx.notices.show(`“${reading.name}” frozen.`)
            form.reset()
          })
        },
      },
      h('label', {}, 'Freeze the live text as ', name),
      h('label', {}, 'dated ', date),
      submit,
    )
    return form
  }

  private download(button: HTMLButtonElement, format: 'html' | 'docx'): void {
    runAction(button, this.ctx.notices, async () => {
      const file = await this.ctx.api.download(diffPath(this.ctx.negotiation, this.from.value, this.to.value, format))
      saveDownload(file.blob, file.filename || `comparison.${format}`, format === 'html')
    })
  }
}
