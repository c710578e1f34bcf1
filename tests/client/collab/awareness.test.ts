import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness } from 'y-protocols/awareness'
import { announce, colorFor, cursorLabel, onlineUsers } from '../../../client/collab/awareness'

describe('awareness', () => {
  it('gives a state the same colour every time', () => {
    expect(colorFor('Austria')).toBe(colorFor('Austria'))
    expect(colorFor('Austria')).toMatch(/^#[0-9a-f]{6}$/)
  })

  it('labels carets by delegation first, else by name and role', () => {
    expect(cursorLabel({ name: 'Anna', state: 'Austria', role: 'delegation' })).toBe('Austria · Anna')
    expect(cursorLabel({ name: 'Austria', state: 'Austria' })).toBe('Austria')
    expect(cursorLabel({ name: 'Maria', role: 'chair', state: null })).toBe('Maria (chair)')
    expect(cursorLabel({ name: 'Chair', role: 'chair', state: null })).toBe('Chair')
  })

  it('lists who is online, this user first', () => {
    const awareness = new Awareness(new Y.Doc())
    announce(awareness, {
      role: 'delegation',
      state: 'Austria',
      negotiation: 'n',
      name: 'Anna',
      invitation: 'i-austria',
    })
    const users = onlineUsers(awareness)
    expect(users).toHaveLength(1)
    expect(users[0]).toMatchObject({
      name: 'Anna',
      state: 'Austria',
      role: 'delegation',
      self: true,
      color: colorFor('Austria'),
    })
  })
})
