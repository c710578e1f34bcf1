import type { Command } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { redo, undo } from 'y-prosemirror'
import { addAlternative, wrapInBrackets } from '../../shared/brackets/commands'
import { h } from '../dom'
import { moveClause, shiftLevel, toggleAdRef } from './clauses'

interface ToolbarButton {
  label: string
  keys: string
  command: Command
  text: string
}

const buttons: ToolbarButton[] = [
  { text: '[ ]', label: 'Bracket the selection', keys: 'Ctrl+[', command: wrapInBrackets },
  { text: '[ ][ ]', label: 'Add an alternative', keys: 'Ctrl+Shift+[', command: addAlternative },
  { text: '⇤', label: 'One level up', keys: 'Shift+Tab', command: shiftLevel(-1) },
  { text: '⇥', label: 'One level down', keys: 'Tab', command: shiftLevel(1) },
  { text: '↑', label: 'Move the clause up', keys: 'Alt+↑', command: moveClause(-1) },
  { text: '↓', label: 'Move the clause down', keys: 'Alt+↓', command: moveClause(1) },
  { text: 'ad ref.', label: 'Agreed ad referendum (toggle)', keys: 'Ctrl+Alt+A', command: toggleAdRef },
  { text: '↶', label: 'Undo your last change', keys: 'Ctrl+Z', command: (state) => undo(state) },
  { text: '↷', label: 'Redo', keys: 'Ctrl+Y', command: (state) => redo(state) },
]

/** The editing toolbar: every command is also a key, named in its label.
 *  Buttons keep the focus in the text (mousedown is cancelled) so the
 *  selection they act on is the one the user made. */
export function editorToolbar(view: () => EditorView | null): HTMLElement {
  return h(
    'div',
    { class: 'rt-editor-toolbar', role: 'toolbar', 'aria-label': 'Editing' },
    buttons.map((b) =>
      h(
        'button',
        {
          type: 'button',
          'aria-label': `${b.label} (${b.keys})`,
          title: `${b.label} (${b.keys})`,
          onmousedown: (e: Event) => e.preventDefault(),
          onclick: () => {
            const editor = view()
            if (!editor) return
            b.command(editor.state, editor.dispatch, editor)
            editor.focus()
          },
        },
        b.text,
      ),
    ),
  )
}
