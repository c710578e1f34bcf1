import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { prosemirrorToYXmlFragment } from 'y-prosemirror'
import { checkTextStructure } from '../../server/negotiations/structure'
import { doc, section, p, sub } from '../builders'

/** A shared text and a way to change it as a client would, checked as the
 *  server checks each update. */
function sharedText() {
  const ydoc = new Y.Doc()
  const root = ydoc.getXmlFragment('prosemirror')
  prosemirrorToYXmlFragment(
    doc(section('I', 'T', p('one', { id: 'a' }), p('two', { id: 'b' }), sub('two-a', { id: 'c' }))),
    root,
  )
  const change = (edit: (section: Y.XmlElement) => void): string | null => {
    const changed = new Set<Y.AbstractType<unknown>>()
    const watch = (tr: Y.Transaction) => {
      for (const type of tr.changed.keys()) changed.add(type as Y.AbstractType<unknown>)
    }
    ydoc.on('afterTransaction', watch)
    ydoc.transact(() => edit(root.get(0) as Y.XmlElement))
    ydoc.off('afterTransaction', watch)
    return checkTextStructure(changed, root)
  }
  return { change }
}

const clauseAt = (section: Y.XmlElement, index: number) => section.get(index + 1) as Y.XmlElement

describe('the server keeps every sub-paragraph under a paragraph', () => {
  it('accepts a level change that keeps the outline whole', () => {
    expect(sharedText().change((s) => clauseAt(s, 1).setAttribute('level', 2 as never))).toBeNull()
  })

  it('refuses a level change that orphans a sub-paragraph', () => {
    const failure = sharedText().change((s) => clauseAt(s, 2).setAttribute('level', 3 as never))
    expect(failure).toMatch(/sub-paragraph would be left without its paragraph/)
  })

  it('refuses deleting a paragraph that leaves its (i) under a paragraph', () => {
    const { change } = sharedText()
    expect(
      change((s) => {
        const clause = new Y.XmlElement('clause')
        clause.setAttribute('id', 'd')
        clause.setAttribute('level', 3 as never)
        s.insert(4, [clause])
      }),
    ).toBeNull()
    expect(change((s) => s.delete(3, 1))).toMatch(/without its paragraph/)
  })

  it('refuses a sub-paragraph at the start of a section', () => {
    expect(sharedText().change((s) => s.delete(1, 2))).toMatch(/without its paragraph/)
  })
})
