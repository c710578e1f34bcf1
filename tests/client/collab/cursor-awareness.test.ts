import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { cursorAwareness } from '../../../client/collab/cursor-awareness'

describe('the awareness the cursor plugin sees', () => {
  it("passes on other users' changes, batched, and not this user's own", () => {
    vi.useFakeTimers()
    const doc = new Y.Doc()
    doc.getXmlFragment('prosemirror')
    const mine = new Awareness(doc)
    const at = (i: number) => ({ anchor: { tname: 'prosemirror', assoc: i }, head: { tname: 'prosemirror', assoc: i } })
    const theirs = new Awareness(new Y.Doc())
    const seen = vi.fn()
    const view = cursorAwareness(mine, 100)
    view.on('change', seen)

    mine.setLocalStateField('cursor', at(1))
    vi.advanceTimersByTime(200)
    expect(seen).not.toHaveBeenCalled()

    for (let i = 0; i < 5; i++) {
      theirs.setLocalStateField('cursor', at(i))
      applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'remote')
    }
    vi.advanceTimersByTime(100)
    expect(seen).toHaveBeenCalledTimes(1)
    expect(view.getStates().get(theirs.clientID)).toEqual({ cursor: at(4) })
    view.setLocalStateField('user', { name: 'x' })
    expect(mine.getLocalState()).toMatchObject({ user: { name: 'x' } })
    vi.useRealTimers()
  })
})
