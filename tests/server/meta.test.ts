import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Position } from '../../shared/positions/position'
import { connectClient, type Client } from '../harness/clients'
import { on, until } from '../harness/events'
import { startTestServer, type TestServer } from '../harness/server'

let server: TestServer
const clients: Client[] = []
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server.stop()
})

describe('meta room', () => {
  it('is rebuilt from the tables on load (a position stored but never published still shows)', async () => {
    const position: Position = {
      id: 'p-orphan',
      negotiationId: server.negotiation.id,
      state: 'Fiji',
      clauseId: 'c-x',
      target: null,
      stance: 'neutral',
      comment: '',
      source: '',
      reading: null,
      author: 'Delegation of Fiji',
      createdAt: 't',
      updatedAt: 't',
    }
    await server.storage.positions.put(position)
    const meta = connectClient(server.wsUrl, `${server.negotiation.id}:meta`, await server.token('observer'))
    clients.push(meta)
    await meta.synced()
    const seen = await until(
      () => meta.doc.getMap('positions').get('p-orphan'),
      on([[meta.doc, 'update']]),
      'the position',
    )
    expect(seen).toEqual(position)
    expect(meta.doc.getArray('readings').toArray()).toEqual([])
  })
})
