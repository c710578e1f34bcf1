import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import { acceptOption, dropGroup, dropOption, optionAround } from '../../shared/brackets/commands'
import { serializeInline } from '../../shared/notation/inline'
import { present } from '../../shared/present'
import { h, replaceChildren } from '../dom'
import { clauseAround } from './clauses'

/** The bracket group the cursor is in (the innermost one), as the menu needs it. */
export interface GroupAtCursor {
  pos: number
  node: Node
  clauseId: string | null
  /** Each option's text in the notation, nested brackets included. */
  options: string[]
  /** The option holding the cursor. */
  current: number
}

/** The innermost bracket group around the selection's start, or null. */
export function groupAtCursor(state: EditorState): GroupAtCursor | null {
  const around = optionAround(state.selection.$from)
  if (!around) return null
  const node = present(state.doc.nodeAt(around.groupPos), 'the bracket group around the cursor')
  const options: string[] = []
  node.forEach((option) => {
    options.push(serializeInline(option.content))
  })
  const current = state.selection.$from.index(around.depth - 1)
  return {
    pos: around.groupPos,
    node,
    clauseId: clauseAround(state.selection.$from)?.node.attrs.id ?? null,
    options,
    current,
  }
}

/** What the menu offers besides editing: the positions states took on the group. */
export interface GroupMenuOptions {
  canEdit: () => boolean
  onShowPositions: (group: GroupAtCursor) => void
}

const menuKey = new PluginKey('groupMenu')

/** Focuses the first action of the open bracket menu (Alt-Enter). */
export function focusGroupMenu(view: EditorView): boolean {
  const first = view.dom.parentElement?.querySelector<HTMLButtonElement>('.rt-group-menu:not([hidden]) button')
  if (!first) return false
  first.focus()
  return true
}

/** A small bar under the bracket group that holds the cursor: accept one
 *  option (the brackets go), drop an option or the whole group, or see the
 *  positions on it. It appears on click or keyboard alike and never takes the
 *  focus by itself, so typing goes on undisturbed. */
export function groupMenuPlugin(options: GroupMenuOptions): Plugin {
  return new Plugin({ key: menuKey, view: (view) => new GroupMenuView(view, options) })
}

class GroupMenuView {
  private readonly menu: HTMLElement
  private shownFor: Node | null = null

  constructor(
    private readonly view: EditorView,
    private readonly options: GroupMenuOptions,
  ) {
    this.menu = h('div', {
      class: 'rt-group-menu',
      role: 'toolbar',
      'aria-label': 'Bracket group',
      hidden: true,
      onkeydown: (e: KeyboardEvent) => this.onKey(e),
    })
    present(view.dom.parentElement, "the editor's box").appendChild(this.menu)
    this.update()
  }

  update(): void {
    const group = groupAtCursor(this.view.state)
    if (!group) {
      this.menu.hidden = true
      this.shownFor = null
      return
    }
    if (group.node !== this.shownFor) this.render(group)
    this.shownFor = group.node
    this.menu.hidden = false
    this.place(group)
  }

  destroy(): void {
    this.menu.remove()
  }

  private render(group: GroupAtCursor): void {
    const editable = this.options.canEdit()
    const run = (command: ReturnType<typeof acceptOption>) => () => {
      command(this.view.state, this.view.dispatch)
      this.view.focus()
    }
    const rows = group.options.map((text, i) => {
      const by = group.node.child(i).attrs.proposedBy as string | null
      const label = text.trim() === '' ? '(empty)' : text
      return h(
        'li',
        {},
        editable &&
          h(
            'button',
            {
              type: 'button',
              'aria-label': `Accept option ${i + 1}: ${label}`,
              onclick: run(acceptOption(group.pos, i)),
            },
            'Accept ',
            h('q', { dir: 'auto' }, label),
          ),
        !editable && h('q', { dir: 'auto' }, label),
        by && h('span', { class: 'rt-by-label' }, by),
        editable &&
          group.options.length > 1 &&
          h(
            'button',
            {
              type: 'button',
              class: 'rt-quiet',
              'aria-label': `Drop option ${i + 1}: ${label}`,
              onclick: run(dropOption(group.pos, i)),
            },
            'Drop',
          ),
      )
    })
    replaceChildren(
      this.menu,
      h('ol', { class: 'rt-group-options' }, rows),
      h(
        'div',
        { class: 'rt-group-actions' },
        editable &&
          h('button', { type: 'button', class: 'rt-danger', onclick: run(dropGroup(group.pos)) }, 'Drop group'),
        h('button', { type: 'button', onclick: () => this.options.onShowPositions(group) }, 'Positions on this'),
      ),
    )
  }

  /** Places the bar just under the group's first line, inside the editor's box. */
  private place(group: GroupAtCursor): void {
    const scroller = present(this.view.dom.parentElement, "the editor's box")
    const box = scroller.getBoundingClientRect()
    const start = this.view.coordsAtPos(group.pos + 1)
    this.menu.style.top = `${start.bottom - box.top + scroller.scrollTop + 4}px`
    this.menu.style.insetInlineStart = `${Math.max(0, Math.min(start.left - box.left, box.width - 320))}px`
  }

  /** Arrow keys move between the bar's buttons; Escape goes back to the text. */
  private onKey(event: KeyboardEvent): void {
    const buttons = [...this.menu.querySelectorAll('button')]
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement)
    if (event.key === 'Escape') this.view.focus()
    else if (event.key === 'ArrowDown' || event.key === 'ArrowRight') buttons[(at + 1) % buttons.length]?.focus()
    else if (event.key === 'ArrowUp' || event.key === 'ArrowLeft')
      buttons[(at - 1 + buttons.length) % buttons.length]?.focus()
    else return
    event.preventDefault()
  }
}
