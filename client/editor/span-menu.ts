import type { Node } from 'prosemirror-model'
import { Plugin, PluginKey } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { acceptSpan, dropSpan, spanAround } from '../../shared/brackets/span-commands'
import { numberSection } from '../../shared/schema/numbering'
import { present } from '../../shared/present'
import { h, replaceChildren } from '../dom'
import { groupAtCursor } from './group-menu'

/** A small bar under the clause holding the cursor when it lies in brackets
 *  spanning paragraphs (and in no bracket group, whose own menu comes
 *  first): which paragraphs the brackets hold, and, for those who edit,
 *  accept (the paragraphs stay, the brackets go) or drop (the paragraphs
 *  go). Alt+Enter reaches it as it reaches the group menu. */
export function spanMenuPlugin(canEdit: () => boolean): Plugin {
  return new Plugin({ key: new PluginKey('rt-span-menu'), view: (view) => new SpanMenuView(view, canEdit) })
}

/** The position just before clause `index` of section `section`. */
function firstClausePos(doc: Node, section: number, index: number): number {
  let pos = 0
  for (let i = 0; i < section; i++) pos += doc.child(i).nodeSize
  let found = pos + 1
  let seen = -1
  doc.child(section).forEach((child, offset) => {
    if (child.type.name === 'clause' && ++seen === index) found = pos + 1 + offset
  })
  return found
}

class SpanMenuView {
  private readonly menu: HTMLElement
  private shownFor = ''

  constructor(
    private readonly view: EditorView,
    private readonly canEdit: () => boolean,
  ) {
    this.menu = h('div', {
      class: 'rt-group-menu rt-span-menu',
      role: 'toolbar',
      'aria-label': 'Brackets across paragraphs',
      hidden: true,
      onkeydown: (e: KeyboardEvent) => this.onKey(e),
    })
    present(view.dom.parentElement, "the editor's box").appendChild(this.menu)
    this.update()
  }

  update(): void {
    const { state } = this.view
    const around = groupAtCursor(state) ? null : spanAround(state)
    if (!around) {
      this.menu.hidden = true
      this.shownFor = ''
      return
    }
    const section = state.doc.child(around.section)
    const numbers = numberSection(section)
    const key = (i: number) => `${section.attrs.numeral}.${numbers[i].number}`
    const { first, last } = around.span
    const held = first === last ? key(first) : `${key(first)} – ${key(last)}`
    if (held !== this.shownFor) this.render(held)
    this.shownFor = held
    this.menu.hidden = false
    this.place(firstClausePos(state.doc, around.section, first))
  }

  destroy(): void {
    this.menu.remove()
  }

  private render(held: string): void {
    const run = (command: typeof acceptSpan) => () => {
      command(this.view.state, this.view.dispatch)
      this.view.focus()
    }
    replaceChildren(
      this.menu,
      h('p', { class: 'rt-span-held' }, 'Bracketed paragraphs ', h('b', {}, held)),
      this.canEdit() &&
        h(
          'div',
          { class: 'rt-group-actions' },
          h('button', { type: 'button', onclick: run(acceptSpan) }, 'Accept paragraphs'),
          h('button', { type: 'button', class: 'rt-danger', onclick: run(dropSpan) }, 'Drop paragraphs'),
        ),
    )
  }

  /** Places the bar at the end of the span's first line, where it covers
   *  none of the paragraphs' starts (a paragraph's first line is mostly short
   *  of the margin). */
  private place(clausePos: number): void {
    const scroller = present(this.view.dom.parentElement, "the editor's box")
    const box = scroller.getBoundingClientRect()
    const at = this.view.coordsAtPos(clausePos + 1)
    this.menu.style.top = `${at.top - box.top + scroller.scrollTop - 4}px`
    this.menu.style.insetInlineEnd = '8px'
  }

  /** Arrow keys move between the buttons; Escape goes back to the text. */
  private onKey(event: KeyboardEvent): void {
    const buttons = [...this.menu.querySelectorAll('button')]
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement)
    if (event.key === 'Escape') this.view.focus()
    else if (event.key === 'ArrowRight') buttons[(at + 1) % buttons.length]?.focus()
    else if (event.key === 'ArrowLeft') buttons[(at - 1 + buttons.length) % buttons.length]?.focus()
    else return
    event.preventDefault()
  }
}
