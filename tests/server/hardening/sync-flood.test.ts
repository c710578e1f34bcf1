import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../../server/core/close-codes'
import { encodeMessage, writeSyncStep1 } from '../../../server/core/protocol'
import { connectClient, firstClauseText, RawSocket, textOf, type Client } from '../../harness/clients'
import { on, until } from '../../harness/events'
import { startTestServer, type TestServer } from '../../harness/server'

// Issue 15, points 3 and 4: a 4-byte sync request must not make the server
// send the document without bound, and a socket that does not read must not
// make it buffer without bound.

const limits = { syncPerSecond: 1, syncBurst: 5, tokenSyncPerSecond: 2, tokenSyncBurst: 8, maxBufferedBytes: 256 << 10 }
let server: TestServer
const clients: Client[] = []
const sockets: RawSocket[] = []
beforeAll(async () => {
  server = await startTestServer({ limits: { ...limits, messagesPerSecond: 10_000, messageBurst: 10_000 } })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  for (const s of sockets) s.close()
  await server.stop()
})

const emptyStep1 = encodeMessage((e) => writeSyncStep1(e, new Y.Doc()))
const isStep2 = (f: Uint8Array) => f[0] === 0 && f[1] === 1
async function raw(token: string): Promise<RawSocket> {
  const s = new RawSocket(`${server.wsUrl}/${server.negotiation.id}?token=${encodeURIComponent(token)}`)
  sockets.push(s)
  await s.opened()
  return s
}
function room() {
  const r = server.rooms.get(server.negotiation.id)
  if (!r) throw new Error('the room is not loaded')
  return r
}
/** Wakes a waiter whenever a member joins or leaves the room. */
function membershipChanges(): (wake: () => void) => () => void {
  return (wake) => {
    const r = room()
    const { join, leave } = r
    r.join = (m) => {
      join.call(r, m)
      wake()
    }
    r.leave = (m) => {
      leave.call(r, m)
      wake()
    }
    return () => {
      r.join = join
      r.leave = leave
    }
  }
}

async function editor(): Promise<Client> {
  const c = connectClient(server.wsUrl, server.negotiation.id, await server.token('editor'))
  clients.push(c)
  await c.synced()
  return c
}

describe('sync requests', () => {
  it('closes a connection replaying SyncStep1 past its rate with 4429, after a bounded number of answers', async () => {
    const chair = await editor()
    const s = await raw(await server.token('observer'))
    for (let i = 0; i < 200 && !s.closeEvent; i++) s.send(emptyStep1)
    const closed = await s.closed()
    expect(closed.code).toBe(CloseCode.rateLimited)
    expect(closed.reason).toMatch(/too many sync requests/)
    expect(s.frames.filter(isStep2).length).toBeLessThanOrEqual(limits.syncBurst + 1)
    firstClauseText(chair.doc).insert(0, 'Unhurried ')
    await until(() => textOf(room().currentDoc()).includes('Unhurried '), on([[room(), 'stored']]), 'editing to go on')
  })

  it('shares a rate across the connections of one invitation', async () => {
    const token = await server.token('observer')
    const all = await Promise.all([1, 2, 3, 4].map(() => raw(token)))
    // Each stays within its own burst; together they pass the invitation's.
    for (const s of all) for (let i = 0; i < 4; i++) s.send(emptyStep1)
    await Promise.all(all.map((s) => s.when(() => s.closeEvent ?? s.frames.filter(isStep2).length >= 4, 'an end')))
    const answered = all.reduce((n, s) => n + s.frames.filter(isStep2).length, 0)
    expect(answered).toBeLessThanOrEqual(limits.tokenSyncBurst + 1)
    expect(all.some((s) => s.closeEvent?.code === CloseCode.rateLimited)).toBe(true)
  })

  it('answers repeated full-state requests from one encoding, renewed when the text changes', async () => {
    const chair = await editor()
    const empty = Y.encodeStateVector(new Y.Doc())
    const first = room().stateFor(empty)
    expect(room().stateFor(empty)).toBe(first)
    firstClauseText(chair.doc).insert(0, 'Renewed ')
    await until(() => textOf(room().currentDoc()).includes('Renewed '), on([[room(), 'stored']]), 'the edit')
    const second = room().stateFor(empty)
    expect(second).not.toBe(first)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, second)
    expect(textOf(copy)).toBe(textOf(room().currentDoc()))
  })
})

describe('slow readers', () => {
  it('closes a socket that stops reading once the server owes it more than the bound', async () => {
    const chair = await editor()
    // A text big enough (4 MB) that a few answers overflow the socket buffers.
    for (let i = 0; i < 5; i++) {
      firstClauseText(chair.doc).insert(0, `${i}${'y'.repeat(800_000)}`)
      await until(() => textOf(room().currentDoc()).includes(`${i}yyyy`), on([[room(), 'stored']]), 'the big text')
    }
    const members = room().members.size
    const membership = membershipChanges()
    const readers = await Promise.all([1, 2, 3].map(async () => raw(await server.token('observer'))))
    await until(() => room().members.size === members + 3, membership, 'the readers to join')
    for (const s of readers) {
      ;(s.ws as unknown as { _socket: { pause(): void } })._socket.pause()
      for (let i = 0; i < limits.syncBurst; i++) s.send(emptyStep1)
    }
    // The server drops them from the room instead of buffering for them.
    await until(() => room().members.size === members, membership, 'the readers to be dropped')
    expect(room().members.size).toBe(members)
    firstClauseText(chair.doc).insert(0, 'Still here ')
    await until(() => textOf(room().currentDoc()).includes('Still here '), on([[room(), 'stored']]), 'editing to go on')
  })
})
