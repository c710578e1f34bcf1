import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import { relativePositionToAbsolutePosition, ySyncPluginKey } from 'y-prosemirror'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { cursorLabel } from '../collab/awareness'

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
  options.awareness.getStates().forEach((s, clientId) => {
    const cursor = s.cursor as { anchor?: unknown; head?: unknown } | undefined
    if (clientId === options.awareness.clientID || !cursor || !s.user) return
    const inside = [cursor.anchor, cursor.head].some((end) => {
      if (!end) return false
      const pos = relativePositionToAbsolutePosition(
        sync.doc,
        sync.type,
        Y.createRelativePositionFromJSON(end),
        sync.binding.mapping,
      )
      return pos !== null && pos >= from && pos <= to
    })
    if (inside) found.push(cursorLabel(s.user))
  })
  return found
}

/** Tells the user `message`, where the editor has a way to. */
export function notify(state: EditorState, message: string): void {
  colleaguesKey.getState(state)?.notify(message)
}
