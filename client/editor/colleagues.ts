import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import { relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { cursorLabel } from '../collab/awareness'
import { usableStates } from '../collab/remote-presence'

/** Where the other users are, and how to tell this one something. */
export interface ColleaguesOptions {
  /** The text room's awareness, whose `cursor` fields y-prosemirror fills. */
  awareness: Awareness
  /** Shows the user a short message (a refused command, say). */
  notify: (message: string) => void
}

const colleaguesKey = new PluginKey<ColleaguesOptions>('rt-colleagues')

/** Makes the other users' carets and a way to notify this user available to
 *  commands, whichever way they are run (keys or toolbar). */
export function colleaguesPlugin(options: ColleaguesOptions): Plugin {
  return new Plugin({ key: colleaguesKey, state: { init: () => options, apply: (_tr, value) => value } })
}

/** The labels of the other users whose caret (either end of their selection)
 *  lies between `from` and `to`. */
export function colleaguesIn(state: EditorState, from: number, to: number): string[] {
  const options = colleaguesKey.getState(state)
  const sync = ySyncPluginKey.getState(state)
  if (!options || !sync?.binding) return []
  const found: string[] = []
  usableStates(options.awareness).forEach((s, clientId) => {
    const cursor = s.cursor
    if (clientId === options.awareness.clientID || !cursor || !s.user) return
    const inside = [cursor.anchor, cursor.head].some((end) => {
      const pos = positionOf(sync, end)
      return pos !== null && pos >= from && pos <= to
    })
    if (inside) found.push(cursorLabel(s.user))
  })
  return found
}

// A colleague's caret in this editor, or null where it cannot be placed
// (y-prosemirror throws on positions its mapping does not know).
function positionOf(sync: NonNullable<ReturnType<typeof ySyncPluginKey.getState>>, end: object): number | null {
  try {
    return relativePositionToAbsolutePosition(
      sync.doc,
      sync.type,
      Y.createRelativePositionFromJSON(end),
      sync.binding.mapping,
    )
  } catch {
    return null
  }
}

/** Tells the user `message`, where the editor has a way to. */
export function notify(state: EditorState, message: string): void {
  colleaguesKey.getState(state)?.notify(message)
}
