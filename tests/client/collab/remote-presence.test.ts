import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { fallbackColor, usableState, usableStates } from '../../../client/collab/remote-presence'
import { onlineUsers } from '../../../client/collab/awareness'

const user = { name: 'Austria', color: '#1f6fb2', role: 'delegation', state: 'Austria' }

function textDoc(): { doc: Y.Doc; text: Y.XmlText } {
  const doc = new Y.Doc()
  const section = new Y.XmlElement('section')
  const clause = new Y.XmlElement('clause')
  const text = new Y.XmlText('States shall')
  clause.insert(0, [text])
  section.insert(0, [clause])
  doc.getXmlFragment('prosemirror').insert(0, [section])
  return { doc, text }
}

describe('remote presence as this browser uses it', () => {
  it('keeps a sound cursor and drops one Yjs cannot read, keeping the user', () => {
    const { doc, text } = textDoc()
    const pos = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 3))
    expect(usableState({ user, cursor: { anchor: pos, head: pos } }, doc)).toEqual({
      user,
      cursor: { anchor: pos, head: pos },
    })
    for (const cursor of [{ anchor: {}, head: {} }, { anchor: null, head: null }, { anchor: 'x' }, 7]) {
      expect(usableState({ user, cursor }, doc)).toEqual({ user })
    }
    // A root the text does not have is not looked up (that would create it).
    const elsewhere = { tname: 'evil' }
    expect(usableState({ user, cursor: { anchor: elsewhere, head: elsewhere } }, doc)).toEqual({ user })
    expect(doc.share.has('evil')).toBe(false)
  })

  it('never hands out a colour that is not #rrggbb', () => {
    const { doc } = textDoc()
    const evil = { ...user, color: '";background:url(//example.org/p)' }
    expect(usableState({ user: evil }, doc)?.user?.color).toBe(fallbackColor)
    expect(usableState({ user: { ...user, color: null } }, doc)?.user?.color).toBe(fallbackColor)
    expect(usableState({ user: { name: 7 } }, doc)).toBeNull()
  })

  it('gives the presence list and the cursor plugin only usable states', () => {
    const { doc } = textDoc()
    const mine = new Awareness(doc)
    const theirs = new Awareness(new Y.Doc())
    theirs.setLocalState({ user: { ...user, color: 'red;background:url(//x)' }, cursor: { anchor: {}, head: {} } })
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), 'remote')
    expect(usableStates(mine).get(theirs.clientID)).toEqual({ user: { ...user, color: fallbackColor } })
    expect(onlineUsers(mine).map((u) => u.color)).toEqual([fallbackColor])
  })
})
