// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { Api } from '../../../client/api'
import { ClauseHistory } from '../../../client/views/clause-history'
import { Notices } from '../../../client/views/notices'
import type { HistoryEntry } from '../../../shared/protocol/wire'

const entries: HistoryEntry[] = [
  { at: '2025-09-01T10:00:00Z', author: { role: 'system', state: null, name: 'rolling-text server' }, kind: 'created' },
  {
    at: '2025-09-01T10:05:00Z',
    author: { role: 'editor', state: null, name: 'Ana' },
    kind: 'edited',
    words: [
      { op: 'equal', text: 'States ' },
      { op: 'delete', text: 'shall' },
      { op: 'insert', text: 'should' },
      { op: 'equal', text: ' act.' },
    ],
  },
  { at: '2025-09-01T10:06:00Z', author: { role: 'chair', state: null, name: 'Chair' }, kind: 'adref-removed' },
  { at: '2025-09-01T10:07:00Z', author: { role: 'delegation', state: 'Peru', name: 'P' }, kind: 'edited', words: [] },
]

describe('the clause history panel', () => {
  it('lists who changed the clause and when, with the words inserted and deleted marked', async () => {
    const asked: string[] = []
    const api = {
      clauseHistory: async (_n: string, id: string) => {
        asked.push(id)
        return entries
      },
    } as Partial<Api> as Api
    const history = new ClauseHistory({ api, negotiation: 'n', notices: new Notices() }, () => ({
      id: 'c-1',
      key: 'II.3',
    }))
    document.body.replaceChildren(history.element)
    await history.load()
    expect(asked).toEqual(['c-1'])
    const items = [...history.element.querySelectorAll('.rt-history li')]
    expect(items.map((li) => li.textContent?.replace(/^.*? · /, ''))).toEqual([
      'server, rolling-text server · added the clause',
      'editor, Ana · editedStates shallshould act.',
      'chair, Chair · removed its ad ref. mark',
      'delegation, Peru, P · edited (level or place only)',
    ])
    expect(items[1].querySelector('del')?.textContent).toBe('shall')
    expect(items[1].querySelector('ins')?.textContent).toBe('should')
    history.clear()
    expect(history.element.querySelectorAll('.rt-history li')).toHaveLength(0)
  })
})
