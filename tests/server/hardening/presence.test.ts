import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { present } from '../../../shared/present'
import * as Y from 'yjs'
import { encodeAwarenessEntries } from '../../../server/core/awareness'
import { CloseCode } from '../../../server/core/close-codes'
import { encodeMessage, writeAwareness, writeSyncStep1 } from '../../../server/core/protocol'
import { connectClient, firstClauseText, RawSocket, textOf, type Client } from '../../harness/clients'
import { on, until } from '../../harness/events'
import { startTestServer, type TestServer } from '../../harness/server'

// Issue 15, points 1, 2 and 5 on the server: presence is checked against a
// schema, colours are #rrggbb, and presence is bounded per connection and
// per invitation.

const limits = { maxConnectionsPerToken: 3, presencePerSecond: 10, presenceBurst: 5 }
let server: TestServer
const clients: Client[] = []
const sockets: RawSocket[] = []
beforeAll(async () => {
  server = await startTestServer({ limits })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  for (const s of sockets) s.close()
  await server.stop()
})

async function client(role: 'chair' | 'editor' | 'observer'): Promise<Client> {
  const c = connectClient(server.wsUrl, server.negotiation.id, await server.token(role))
  clients.push(c)
  await c.synced()
  return c
}
async function raw(token: string): Promise<RawSocket> {
  const s = new RawSocket(`${server.wsUrl}/${server.negotiation.id}?token=${encodeURIComponent(token)}`)
  sockets.push(s)
  await s.opened()
  return s
}
const presence = (clientID: number, clock: number, state: Record<string, unknown>) =>
  encodeMessage((e) => writeAwareness(e, encodeAwarenessEntries([{ clientID, clock, state }])))

function room() {
  const r = server.rooms.get(server.negotiation.id)
  if (!r) throw new Error('the room is not loaded')
  return r
}

describe('presence is checked against its schema', () => {
  const bad: [string, Record<string, unknown>, string][] = [
    ['cursor ends that are empty objects', { cursor: { anchor: {}, head: {} } }, 'presence.cursor'],
    ['cursor ends that are null', { cursor: { anchor: null, head: null } }, 'presence.cursor'],
    ['a cursor that is a number', { cursor: 5 }, 'presence.cursor'],
    ['an item id that is not a number', { cursor: { anchor: { item: { client: 'x', clock: 1 } } } }, 'presence.cursor'],
    ['a field the schema does not know', { evil: 'x'.repeat(100) }, 'presence.field'],
    ['a colour with CSS in it', { user: { color: '";background:url(//example.org/p)' } }, 'presence.user.color'],
    ['a named colour', { user: { color: 'red' } }, 'presence.user.color'],
  ]
  for (const [what, state, rule] of bad) {
    it(`P3: closes an observer announcing ${what} with 4400 [${rule}]; nobody sees it`, async () => {
      const chair = await client('chair')
      const s = await raw(await server.token('observer'))
      s.send(presence(7_000_001, 1, state))
      const closed = await s.closed()
      expect(closed.code).toBe(CloseCode.malformed)
      expect(closed.reason).toContain(`[${rule}]`)
      expect(room().presence.awareness.getStates().has(7_000_001)).toBe(false)
      // The chair keeps editing and syncing.
      firstClauseText(chair.doc).insert(0, `${rule} `)
      await until(
        () => textOf(room().currentDoc()).includes(`${rule} `),
        on([[room(), 'stored']]),
        'the chair to keep editing',
      )
      expect(chair.provider.awareness.getStates().has(7_000_001)).toBe(false)
    })
  }

  it('P3: drops a bad state a client passes on for another client id, without closing it (clients echo what they get)', async () => {
    const s = await raw(await server.token('editor'))
    s.send(presence(7_000_050, 1, { cursor: null }))
    s.send(presence(7_000_051, 1, { cursor: { anchor: {}, head: {} } }))
    s.send(encodeMessage((e) => writeSyncStep1(e, new Y.Doc())))
    await s.frame((f) => f[0] === 0 && f[1] === 1)
    await until(
      () => room().presence.awareness.getStates().has(7_000_050),
      on([[room().presence.awareness, 'update']]),
      'its own',
    )
    expect(s.closeEvent).toBeNull()
    expect(room().presence.awareness.getStates().has(7_000_051)).toBe(false)
    // Its own state broken, though, closes it.
    s.send(presence(7_000_050, 2, { cursor: { anchor: null, head: null } }))
    expect((await s.closed()).code).toBe(CloseCode.malformed)
  })

  it('P1: relays a sound state with the user stamped from the token and the colour kept', async () => {
    const watcher = await client('editor')
    const s = await raw(await server.token('observer', null))
    const cursor = { anchor: { tname: 'prosemirror', assoc: 0 }, head: { tname: 'prosemirror', assoc: 0 } }
    s.send(presence(7_000_100, 1, { user: { name: 'The Chair', color: '#1f6fb2', role: 'chair' }, cursor }))
    const seen = await until(
      () => watcher.provider.awareness.getStates().get(7_000_100),
      on([[watcher.provider.awareness, 'change']]),
      'the state to arrive',
    )
    expect(seen).toEqual({ user: { name: 'Observer', color: '#1f6fb2', role: 'observer', state: null }, cursor })
    s.close()
  })
})

describe('presence is bounded', () => {
  it('P3: takes a flood at the presence rate, dropping all but the latest', async () => {
    const s = await raw(await server.token('observer'))
    const applied: number[] = []
    const count = ({ added, updated }: { added: number[]; updated: number[] }) => {
      if ([...added, ...updated].includes(7_000_200)) applied.push(Date.now())
    }
    room().presence.awareness.on('update', count)
    const started = Date.now()
    for (let clock = 1; clock <= 200; clock++) s.send(presence(7_000_200, clock, { cursor: null }))
    // The last one sent always lands, however many were dropped.
    await until(
      () => room().presence.awareness.meta.get(7_000_200)?.clock === 200,
      on([[room().presence.awareness, 'update']]),
      'the latest state',
    )
    const seconds = (Date.now() - started) / 1000
    room().presence.awareness.off('update', count)
    expect(applied.length).toBeLessThanOrEqual(limits.presenceBurst + Math.ceil(seconds * limits.presencePerSecond) + 2)
    expect(applied.length).toBeLessThan(50)
    expect(s.closeEvent).toBeNull()
    s.close()
  })

  it("P3: keeps honest clients that echo a busy room's presence batches (y-websocket does)", async () => {
    const crowd = await Promise.all(Array.from({ length: 8 }, () => client('observer')))
    for (const [i, c] of crowd.entries()) c.provider.awareness.setLocalStateField('user', { color: '#1f6fb2', i })
    const last = present(crowd[7])
    await until(
      () => crowd.every((c) => last.provider.awareness.getStates().has(c.doc.clientID)),
      on([[last.provider.awareness, 'change']]),
      'everyone to see everyone',
    )
    expect(crowd.flatMap((c) => c.closes)).toEqual([])
  })

  it('P3: refuses a state over the size limit with 4413', async () => {
    const s = await raw(await server.token('observer'))
    s.send(presence(7_000_300, 1, { user: { name: 'x'.repeat(5000) } }))
    expect((await s.closed()).code).toBe(CloseCode.tooLarge)
  })

  it(`holds at most ${limits.maxConnectionsPerToken} connections per invitation, refusing more with 4429`, async () => {
    const token = await server.token('observer')
    const open = await Promise.all([1, 2, 3].map(() => raw(token)))
    const extra = await raw(token)
    const refused = await extra.closed()
    expect(refused.code).toBe(CloseCode.rateLimited)
    expect(refused.reason).toMatch(/this link already has 3 open connections/)
    expect(open.every((s) => s.closeEvent === null)).toBe(true)
    // Another invitation is not affected, and a freed slot can be used again.
    const other = await raw(await server.token('observer'))
    open[0]?.close()
    await open[0]?.closed()
    // The server frees the slot when it sees the close; a refused try is retried.
    let again = await raw(token)
    for (let i = 0; i < 20; i++) {
      again.send(encodeMessage((e) => writeSyncStep1(e, new Y.Doc())))
      await again.when(() => again.closeEvent ?? again.frames.length > 0, 'an answer')
      if (!again.closeEvent) break
      again = await raw(token)
    }
    expect(again.closeEvent).toBeNull()
    expect(other.closeEvent).toBeNull()
  })
})
