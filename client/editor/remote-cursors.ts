import { Plugin, type EditorState, type Transaction } from 'prosemirror-state'
import { DecorationSet } from 'prosemirror-view'
import type { Awareness } from 'y-protocols/awareness'
import { yCursorPlugin } from 'y-prosemirror'
import { cursorLabel } from '../collab/awareness'
import { cursorAwareness } from '../collab/cursor-awareness'
import { fallbackColor } from '../collab/remote-presence'
import { isColor } from '../../shared/presence/state'

interface CursorUser {
  name: string
  color: string
  role?: string
  state?: string | null
}

const colorOf = (user: CursorUser): string => (isColor(user.color) ? user.color : fallbackColor)

/** A remote user's caret, labelled with their delegation or role. Colours
 *  go through the CSSOM as checked `#rrggbb` values, names as text. */
function cursorElement(user: CursorUser): HTMLElement {
  const caret = document.createElement('span')
  caret.className = 'ProseMirror-yjs-cursor'
  caret.style.borderColor = colorOf(user)
  const label = document.createElement('div')
  label.style.backgroundColor = colorOf(user)
  label.textContent = cursorLabel(user)
  // Word joiners around the label keep the caret from breaking the line.
  caret.append('\u2060', label, '\u2060')
  return caret
}

/** A remote selection's highlight: the caret colour, made translucent. */
const selectionAttrs = (user: CursorUser) => ({
  class: 'ProseMirror-yjs-selection',
  style: `background-color: ${colorOf(user)}70`,
})

/** y-prosemirror's cursor plugin, made safe against what other people's
 *  browsers announce: it sees only usable states (cursorAwareness), and if
 *  drawing the carets still throws, the carets are dropped for that
 *  transaction and the editor carries on (the throw would otherwise abort
 *  every transaction, remote edits included, and stop the text syncing). */
export function remoteCursorsPlugin(awareness: Awareness): Plugin {
  const inner = yCursorPlugin(cursorAwareness(awareness), {
    cursorBuilder: cursorElement,
    selectionBuilder: selectionAttrs,
  })
  const field = inner.spec.state
  if (!field) return inner
  return new Plugin({
    ...inner.spec,
    state: {
      init(config, state: EditorState) {
        try {
          return field.init.call(this, config, state)
        } catch {
          return DecorationSet.empty
        }
      },
      apply(tr: Transaction, previous: DecorationSet, oldState: EditorState, newState: EditorState) {
        try {
          return field.apply.call(this, tr, previous, oldState, newState)
        } catch {
          return DecorationSet.empty
        }
      },
    },
  })
}
