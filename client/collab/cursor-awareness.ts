import type { Awareness } from 'y-protocols/awareness'
import { usableStates } from './remote-presence'

type ChangeListener = (...args: unknown[]) => void

/** The awareness as y-prosemirror's cursor plugin should see it. The plugin
 *  redraws every remote caret on each 'change' event, and this user's own
 *  caret changes with every keystroke: so it is told only of other users'
 *  changes, at most once per `intervalMs` (carets still move ten times a
 *  second, and typing no longer pays for fifty remote carets). Everything
 *  else goes to the real awareness. The states it hands out are the usable
 *  ones (see usableState): a remote cursor Yjs cannot read is left out. */
export function cursorAwareness(awareness: Awareness, intervalMs = 100): Awareness {
  const listeners = new Set<ChangeListener>()
  let timer: ReturnType<typeof setTimeout> | null = null
  awareness.on('change', ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>) => {
    const remote = [...added, ...updated, ...removed].some((id) => id !== awareness.clientID)
    if (!remote || timer !== null) return
    timer = setTimeout(() => {
      timer = null
      for (const listener of listeners) listener()
    }, intervalMs)
  })
  return new Proxy(awareness, {
    get(target, property) {
      if (property === 'on')
        return (event: string, f: ChangeListener) =>
          event === 'change' ? listeners.add(f) : target.on(event as 'change', f)
      if (property === 'getStates') return () => usableStates(target)
      if (property === 'off')
        return (event: string, f: ChangeListener) =>
          event === 'change' ? listeners.delete(f) : target.off(event as 'change', f)
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
