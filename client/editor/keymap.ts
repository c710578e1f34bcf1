import { keymap } from 'prosemirror-keymap'
import { baseKeymap, chainCommands } from 'prosemirror-commands'
import type { Command, Plugin } from 'prosemirror-state'
import { redo, undo } from 'y-prosemirror'
import { addAlternative, wrapInBrackets } from '../../shared/brackets/commands'
import { bracketParagraphs } from '../../shared/brackets/span-commands'
import { guardTitleJoin, splitClause, toggleAdRef } from './clauses'
import { deleteUnits, moveUnit, shiftUnits } from './units'
import { rejoinSplitGroups } from './bracket-edges'
import { focusGroupMenu } from './group-menu'
import { stepOverBracket } from './bracket-caret'

/** Undo and redo through Yjs: they take back only this user's own changes,
 *  never a colleague's edit made in between. */
const undoOwn: Command = (state) => undo(state)
const redoOwn: Command = (state) => redo(state)

/** Escape hands the focus to the editor's frame, so the next Tab leaves the
 *  text instead of changing a clause's level (Tab is taken for levels). */
const leaveText: Command = (_state, _dispatch, view) => {
  if (!view) return false
  const frame = view.dom.closest<HTMLElement>('[tabindex="-1"]')
  if (!frame) return false
  // Marked so the frame shows its focus only when reached this way, not
  // when a reader merely clicks into the read-only text.
  frame.classList.add('rt-text-left')
  frame.addEventListener('blur', () => frame.classList.remove('rt-text-left'), { once: true })
  frame.focus()
  return true
}

const openGroupMenu: Command = (_state, _dispatch, view) => (view ? focusGroupMenu(view) : false)

/** The editing keys, documented in the README and in the shortcuts help:
 *  Enter new clause; Tab / Shift-Tab level; Ctrl-[ brackets; Ctrl-Shift-[
 *  alternative; Ctrl-Alt-B brackets the selected paragraphs; Ctrl-Alt-A ad ref; Alt-Up / Alt-Down move a clause;
 *  Alt-Enter the bracket menu; Ctrl-Z / Ctrl-Y
 *  (Ctrl-Shift-Z) undo and redo your own changes; Escape then Tab leaves;
 *  an arrow at a bracket steps over it. */
export const editingKeys: Record<string, Command> = {
  Enter: splitClause,
  Tab: shiftUnits(1),
  'Shift-Tab': shiftUnits(-1),
  'Mod-[': wrapInBrackets,
  'Mod-Shift-[': addAlternative,
  'Mod-{': addAlternative,
  'Mod-Alt-a': toggleAdRef,
  'Mod-Alt-b': bracketParagraphs,
  'Alt-ArrowUp': moveUnit(-1),
  'Alt-ArrowDown': moveUnit(1),
  'Mod-z': undoOwn,
  'Mod-y': redoOwn,
  'Mod-Shift-z': redoOwn,
  Backspace: chainCommands(deleteUnits, rejoinSplitGroups, guardTitleJoin, baseKeymap.Backspace),
  Delete: chainCommands(deleteUnits, baseKeymap.Delete),
}

/** Keys that work for readers too: they move around and open menus but change nothing. */
export const readingKeys: Record<string, Command> = {
  ArrowRight: stepOverBracket(1),
  ArrowLeft: stepOverBracket(-1),
  'Alt-Enter': openGroupMenu,
  Escape: leaveText,
}

/** The keymaps, most specific first; the base keymap keeps ProseMirror's
 *  standard editing keys (delete, select all, arrows at node edges). */
export function editorKeymaps(): Plugin[] {
  return [keymap(readingKeys), keymap(editingKeys), keymap(baseKeymap)]
}
