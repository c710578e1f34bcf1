import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  childTypesIncludingDeleted,
  hasPendingUpdates,
  isDeleted,
  parentOf,
  rawAttribute,
  rootOf,
} from '../../../server/core/yjs-internals'

/** A text root holding a section holding a clause with an id. */
function tree() {
  const doc = new Y.Doc()
  const root = doc.getXmlFragment('prosemirror')
  const section = new Y.XmlElement('section')
  const clause = new Y.XmlElement('clause')
  clause.setAttribute('id', 'c-1')
  section.insert(0, [clause])
  root.insert(0, [section])
  return { doc, root, section, clause }
}

// These read Yjs's internal fields; a Yjs upgrade that moves one fails here first.
describe('Yjs internals', () => {
  it('walks up from a nested type to its parent and its root', () => {
    const { root, section, clause } = tree()
    expect(parentOf(clause)).toBe(section)
    expect(parentOf(root)).toBeNull()
    expect(rootOf(clause)).toBe(root)
  })

  it('sees a deleted element, its attributes and its children inside the deleting transaction', () => {
    const { doc, root, section, clause } = tree()
    const seen: unknown[] = []
    root.observeDeep(() => {
      seen.push(isDeleted(section), clause.getAttribute('id'), rawAttribute(clause, 'id'))
      seen.push([...childTypesIncludingDeleted(section)].some((child) => child === clause))
    })
    doc.transact(() => root.delete(0, 1))
    expect(seen).toEqual([true, undefined, 'c-1', true])
  })

  it('tells when a document holds updates it could not integrate', () => {
    const source = new Y.Doc()
    const text = source.getText('t')
    text.insert(0, 'a')
    const first = Y.encodeStateAsUpdate(source)
    const vector = Y.encodeStateVector(source)
    text.insert(1, 'b')
    const second = Y.encodeStateAsUpdate(source, vector)
    const target = new Y.Doc()
    expect(hasPendingUpdates(target)).toBe(false)
    Y.applyUpdate(target, second)
    expect(hasPendingUpdates(target)).toBe(true)
    Y.applyUpdate(target, first)
    expect(hasPendingUpdates(target)).toBe(false)
  })
})
