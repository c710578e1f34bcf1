import type { Command } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { redo, undo } from 'y-prosemirror'
import { addAlternative, wrapInBrackets } from '../../shared/brackets/commands'
import { acceptSpan, bracketParagraphs, dropSpan } from '../../shared/brackets/span-commands'
import { h } from '../dom'
import { toggleAdRef } from './clauses'
import { moveUnit, shiftUnits } from './units'
import { keepNumbers, renumber } from './renumber'

interface ToolbarButton {
  label: string
  keys?: string
  command: Command
  text: string
}

const buttons: ToolbarButton[] = [
  { text: '[ ] Bracket', label: 'Bracket the selection', keys: 'Ctrl+[', command: wrapInBrackets },
  { text: '[ ][ ] Alternative', label: 'Add an alternative', keys: 'Ctrl+Shift+[', command: addAlternative },
  {
    text: '[¶ ¶] Bracket paragraphs',
    label: 'Bracket the selected paragraphs together',
    keys: 'Ctrl+Alt+B',
    command: bracketParagraphs,
  },
  {
    text: '¶ Accept',
    label: 'Accept the bracketed paragraphs around the cursor: they stay, their brackets go',
    command: acceptSpan,
  },
  {
    text: '¶ Drop',
    label: 'Drop the bracketed paragraphs around the cursor: they are deleted',
    command: dropSpan,
  },
  { text: '⇤ Level up', label: 'One level up', keys: 'Shift+Tab', command: shiftUnits(-1) },
  { text: '⇥ Level down', label: 'One level down', keys: 'Tab', command: shiftUnits(1) },
  { text: '↑ Move up', label: 'Move the clause up', keys: 'Alt+↑', command: moveUnit(-1) },
  { text: '↓ Move down', label: 'Move the clause down', keys: 'Alt+↓', command: moveUnit(1) },
  { text: 'ad ref.', label: 'Agreed ad referendum (toggle)', keys: 'Ctrl+Alt+A', command: toggleAdRef },
  { text: '↶ Undo', label: 'Undo your last change', keys: 'Ctrl+Z', command: (state) => undo(state) },
  { text: '↷ Redo', label: 'Redo', keys: 'Ctrl+Y', command: (state) => redo(state) },
]

/** The chair's numbering commands: keep the numbers of the last reading
 *  (`4bis`, `[Deleted]`) or renumber before the next one. */
const chairButtons: ToolbarButton[] = [
  {
    text: 'Keep numbers',
    label: 'Keep paragraph numbers until the next reading (4bis, [Deleted])',
    command: keepNumbers,
  },
  { text: 'Renumber', label: 'Renumber all paragraphs from their position', command: renumber },
]

/** The editing toolbar: every command is also a key, named in its label.
 *  Buttons keep the focus in the text (mousedown is cancelled) so the
 *  selection they act on is the one the user made. */
export function editorToolbar(view: () => EditorView | null, chair = false): HTMLElement {
  return h(
    'div',
    { class: 'rt-editor-toolbar', role: 'toolbar', 'aria-label': 'Editing' },
    [...buttons, ...(chair ? chairButtons : [])].map((b) =>
      h(
        'button',
        {
          type: 'button',
          'aria-label': b.keys ? `${b.label} (${b.keys})` : b.label,
          title: b.keys ? `${b.label} (${b.keys})` : b.label,
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
