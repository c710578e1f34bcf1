import { present } from '../../shared/present'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../server/core/close-codes'
import { encodeMessage, writeSyncStep1, writeUpdate } from '../../server/core/protocol'
import { connectClient, firstClauseText, RawSocket, textOf, type Client } from '../harness/clients'
import { on, until } from '../harness/events'
import { startTestServer, type TestServer } from '../harness/server'

let server: TestServer
const clients: Client[] = []
const sockets: RawSocket[] = []
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  for (const s of sockets) s.close()
  await server.stop()
})

const client = async (
  role: Parameters<TestServer['token']>[0],
  state: string | null = null,
  room = server.negotiation.id,
  user?: Record<string, unknown>,
) => {
  const c = connectClient(server.wsUrl, room, await server.token(role, state), user)
  clients.push(c)
  return c
}
const raw = (room: string, token: string) => {
  const s = new RawSocket(`${server.wsUrl}/${room}?token=${encodeURIComponent(token)}`)
  sockets.push(s)
  return s
}
const storedUpdates = async (room = server.negotiation.id) => (await server.storage.documents.load(room)).updates.length
const isDenied = (f: Uint8Array) => f[0] === 2 && f[1] === 0

/** An update that inserts `text` at the start of the first clause, made
 *  against the server's current state. */
async function editFrom(c: Client, text: string): Promise<Uint8Array> {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(c.doc))
  const before = Y.encodeStateVector(copy)
  firstClauseText(copy).insert(0, text)
  return Y.encodeStateAsUpdate(copy, before)
}

describe('sync', () => {
  it('C4: lets two editors converge and gives a late joiner the full state', async () => {
    const a = await client('editor')
    const b = await client('chair')
    await Promise.all([a.synced(), b.synced()])
    expect(textOf(a.doc)).toContain('lethal')
    firstClauseText(a.doc).insert(0, 'Alpha ')
    firstClauseText(b.doc).insert(0, 'Beta ')
    await until(
      () => textOf(a.doc) === textOf(b.doc) && textOf(a.doc).includes('Alpha') && textOf(a.doc).includes('Beta'),
      on([
        [a.doc, 'update'],
        [b.doc, 'update'],
      ]),
      'editors to converge',
    )
    const late = await client('observer')
    await late.synced()
    expect(textOf(late.doc)).toBe(textOf(a.doc))
  })

  it('C3: asks writers for their state with sync step 1, and readers never', async () => {
    const isStep1 = (f: Uint8Array) => f[0] === 0 && f[1] === 0
    const isStep2 = (f: Uint8Array) => f[0] === 0 && f[1] === 1
    const firstFrames = async (role: 'chair' | 'editor' | 'delegation' | 'observer') => {
      const s = raw(server.negotiation.id, await server.token(role, role === 'delegation' ? 'Chile' : null))
      await s.opened()
      // Frames arrive in order: whatever the server sends on connecting comes
      // before its answer to our own sync step 1.
      s.send(encodeMessage((e) => writeSyncStep1(e, new Y.Doc())))
      const answer = await s.frame(isStep2)
      return s.frames.slice(0, s.frames.indexOf(answer))
    }
    for (const writer of ['chair', 'editor'] as const) expect((await firstFrames(writer)).some(isStep1)).toBe(true)
    for (const reader of ['delegation', 'observer'] as const)
      expect((await firstFrames(reader)).some(isStep1)).toBe(false)
  })

  it('P1: carries presence to the others, stamped with the token identity', async () => {
    const a = await client('editor', null, server.negotiation.id, {
      name: 'Someone else',
      color: '#cc0000',
      role: 'chair',
    })
    const watcher = await client('delegation', 'Peru')
    await Promise.all([a.synced(), watcher.synced()])
    const seen = await until(
      () => {
        const s = watcher.provider.awareness.getStates().get(a.doc.clientID) as
          | { user?: Record<string, unknown> }
          | undefined
        return s?.user
      },
      on([[watcher.provider.awareness, 'change']]),
      'presence to arrive',
    )
    expect(seen).toEqual({ name: 'Editor', color: '#cc0000', role: 'editor', state: null })
  })

  it("R1: refuses an observer's and a delegation's raw updates: denied, never stored, never relayed", async () => {
    const editor = await client('editor')
    await editor.synced()
    const relayed: Uint8Array[] = []
    editor.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin === editor.provider) relayed.push(u)
    })
    const before = await storedUpdates()
    const text = textOf(editor.doc)
    for (const [role, state] of [
      ['observer', null],
      ['delegation', 'Kenya'],
    ] as const) {
      const s = raw(server.negotiation.id, await server.token(role, state))
      await s.opened()
      const update = await editFrom(editor, `${role} was here `)
      s.send(encodeMessage((e) => writeUpdate(e, update)))
      s.send(
        encodeMessage((e) => {
          encoding.writeVarUint(e, 0)
          encoding.writeVarUint(e, 1)
          encoding.writeVarUint8Array(e, update)
        }),
      )
      const denials = await s.framesMatching(isDenied, 2)
      expect(new TextDecoder().decode(denials[0].slice(3))).toMatch(/may read the text but not change it/)
      // The socket stays open for reading.
      s.send(encodeMessage((e) => writeSyncStep1(e, new Y.Doc())))
      await s.frame((f) => f[0] === 0 && f[1] === 1)
      expect(s.closeEvent).toBeNull()
    }
    expect(await storedUpdates()).toBe(before)
    expect(textOf(editor.doc)).toBe(text)
    expect(relayed).toEqual([])
  })

  it('R2: treats every client of the meta room as a reader', async () => {
    const s = raw(`${server.negotiation.id}:meta`, await server.token('chair'))
    await s.opened()
    const doc = new Y.Doc()
    doc.getMap('positions').set('forged', { state: 'Nowhere' })
    s.send(encodeMessage((e) => writeUpdate(e, Y.encodeStateAsUpdate(doc))))
    const denied = await s.frame(isDenied)
    expect(new TextDecoder().decode(denied.slice(3))).toMatch(/server only/)
    const stored = await server.storage.documents.load(`${server.negotiation.id}:meta`)
    const rebuilt = new Y.Doc()
    if (stored.snapshot) Y.applyUpdate(rebuilt, stored.snapshot)
    for (const u of stored.updates) Y.applyUpdate(rebuilt, u.update)
    expect(rebuilt.getMap('positions').has('forged')).toBe(false)
    const meta = present(await server.rooms.open(`${server.negotiation.id}:meta`))
    expect(meta.currentDoc().getMap('positions').has('forged')).toBe(false)
  })

  it('C1: refuses connections without a valid token or access before sending any data', async () => {
    await server.storage.negotiations.create({
      id: 'other-negotiation',
      title: 'Other',
      createdAt: new Date().toISOString(),
    })
    const cases: [string, string, number][] = [
      [server.negotiation.id, '', CloseCode.unauthorized],
      [server.negotiation.id, 'rt1.e30.forged', CloseCode.unauthorized],
      ['other-negotiation', await server.token('editor'), CloseCode.forbidden],
      ['no-such-negotiation', await server.token('chair', null, null), CloseCode.notFound],
      ['bad room name!', await server.token('chair', null, null), CloseCode.notFound],
    ]
    for (const [room, token, code] of cases) {
      const s = raw(encodeURIComponent(room), token)
      const closed = await s.closed()
      expect(closed.code, `${room} with '${token.slice(0, 10)}'`).toBe(code)
      expect(closed.reason.length).toBeGreaterThan(0)
      expect(s.frames).toEqual([])
    }
  })

  it('C8: closes a connection that floods the server with 4429, and only that one', async () => {
    const editor = await client('editor')
    await editor.synced()
    const s = raw(server.negotiation.id, await server.token('observer'))
    await s.opened()
    const probe = encodeMessage((e) => writeSyncStep1(e, new Y.Doc()))
    for (let i = 0; i < 1000 && !s.closeEvent; i++) s.send(probe)
    expect((await s.closed()).code).toBe(CloseCode.rateLimited)
    firstClauseText(editor.doc).insert(0, 'Still editing ')
    const room = present(server.rooms.get(server.negotiation.id))
    await until(
      () => textOf(room.currentDoc()).includes('Still editing'),
      on([[room, 'stored']]),
      'the editor to keep working',
    )
  })

  it('C1: stops a y-websocket client from reconnecting after a refusal', async () => {
    const c = connectClient(server.wsUrl, server.negotiation.id, 'not-a-token')
    clients.push(c)
    await until(() => c.closes.length > 0, on([[c.provider, 'connection-close']]), 'refusal')
    expect(c.closes[0].code).toBe(CloseCode.unauthorized)
    expect(c.provider.shouldConnect).toBe(false)
  })
})
