import { h } from '../dom'

/** One view of the app: its tab and its panel. */
export interface TabSpec {
  id: string
  label: string
  panel: HTMLElement
}

/** ARIA tabs: arrow keys move between tabs, Home and End jump; the panels
 *  stay in the DOM (hidden) so their state survives switching. */
export class Tabs {
  readonly list: HTMLElement
  readonly panels: HTMLElement[]
  current: string
  private readonly buttons: HTMLButtonElement[]

  constructor(
    private readonly specs: TabSpec[],
    private readonly onSelect: (id: string) => void,
  ) {
    this.current = specs[0].id
    this.buttons = specs.map((spec, i) =>
      h(
        'button',
        {
          type: 'button',
          role: 'tab',
          id: `tab-${spec.id}`,
          'aria-controls': `panel-${spec.id}`,
          onclick: () => this.select(spec.id),
          onkeydown: (e: KeyboardEvent) => this.onKey(e, i),
        },
        spec.label,
      ),
    )
    this.panels = specs.map((spec) => {
      spec.panel.id = `panel-${spec.id}`
      spec.panel.setAttribute('role', 'tabpanel')
      spec.panel.setAttribute('aria-labelledby', `tab-${spec.id}`)
      return spec.panel
    })
    this.list = h('div', { role: 'tablist', 'aria-label': 'Views', class: 'rt-tabs' }, this.buttons)
    this.show(this.current)
  }

  /** Shows one tab's panel. */
  select(id: string): void {
    if (id === this.current) return
    this.show(id)
    this.onSelect(id)
  }

  private show(id: string): void {
    this.current = id
    this.specs.forEach((spec, i) => {
      const selected = spec.id === id
      this.buttons[i].setAttribute('aria-selected', String(selected))
      this.buttons[i].tabIndex = selected ? 0 : -1
      this.panels[i].hidden = !selected
    })
  }

  private onKey(event: KeyboardEvent, index: number): void {
    const n = this.buttons.length
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: n - 1 }[event.key]
    if (next === undefined) return
    event.preventDefault()
    const button = this.buttons[(next + n) % n]
    button.focus()
    this.select(this.specs[(next + n) % n].id)
  }
}
