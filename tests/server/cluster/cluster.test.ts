import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../../server/core/close-codes'
import { metaRoomName } from '../../../shared/protocol/rooms'
import { encodeMessage, writeUpdate } from '../../../server/core/protocol'
import { type Client, connectClient, firstClauseText, RawSocket, textOf } from '../../harness/clients'
import {
  covers,
  docOf,
  freshDatabase,
  startTestCluster,
  storedTwice,
  storedUpdates,
  type TestCluster,
} from '../../harness/cluster'
import { runCli } from '../../harness/cli'
import { on, until } from '../../harness/events'
import { serviceUrl } from '../../harness/services'

const databaseUrl = serviceUrl('TEST_DATABASE_URL')
const redisUrl = serviceUrl('TEST_REDIS_URL')
const isDenied = (f: Uint8Array) => f[0] === 2 && f[1] === 0

describe.skipIf(!databaseUrl || !redisUrl)('three processes on one PostgreSQL and one Redis', () => {
  let cluster: TestCluster
  let db = ''
  const clients: Client[] = []
  const sockets: RawSocket[] = []
  beforeAll(async () => {
    db = await freshDatabase(databaseUrl ?? '', 'cluster')
    cluster = await startTestCluster(3, db, redisUrl ?? '')
  })
  afterAll(async () => {
    for (const c of clients) c.destroy()
    for (const s of sockets) s.close()
    await cluster?.stop()
  })

  /** The server that owns the negotiation, opening it on the first if nobody has. */
  const ownerNow = async () => {
    const owner = await cluster.owner()
    if (owner >= 0) return owner
    await connect(0, await cluster.token('observer')).synced()
    return cluster.owner()
  }
  const connect = (i: number, token: string, room = cluster.negotiation.id) => {
    const c = connectClient(cluster.wsUrl(i), room, token)
    clients.push(c)
    return c
  }

  it('has one owner, and clients on every process converge on edits made through any of them', async () => {
    const token = await cluster.token('editor')
    const editors = [0, 1, 2, 0, 1, 2].map((i) => connect(i, token))
    await Promise.all(editors.map((c) => c.synced()))
    const owners = cluster.servers.map((s) => s.cluster?.id)
    expect(new Set(owners).size).toBe(3)
    expect(await cluster.owner()).toBeGreaterThanOrEqual(0)

    editors.forEach((c, i) => {
      const text = firstClauseText(c.doc)
      for (let n = 0; n < 5; n++) text.insert(0, `<${i}.${n}>`)
    })
    const all = (doc: Y.Doc) => (textOf(doc).match(/<\d\.\d>/g) ?? []).length === 30
    await until(
      () => editors.every((c) => all(c.doc) && textOf(c.doc) === textOf(editors[0]?.doc ?? c.doc)),
      on(editors.map((c) => [c.doc, 'update'] as [Y.Doc, string])),
      'every editor to have all 30 edits',
    )
    // Stored once each, and everything the clients hold is stored.
    const rows = await storedUpdates(db, cluster.negotiation.id)
    expect(storedTwice(rows)).toEqual([])
    expect(covers(docOf(rows), Y.decodeStateVector(Y.encodeStateVector(editors[0]?.doc ?? new Y.Doc())))).toBe(true)
  })

  it("refuses an observer's and a delegation's raw updates on a process that does not own the negotiation", async () => {
    const owner = await ownerNow()
    const other = (owner + 1) % 3
    const watcher = connect(owner, await cluster.token('editor'))
    await watcher.synced()
    const before = (await storedUpdates(db, cluster.negotiation.id)).length
    for (const [role, state] of [
      ['observer', null],
      ['delegation', 'Peru'],
    ] as const) {
      const s = new RawSocket(
        `${cluster.wsUrl(other)}/${cluster.negotiation.id}?token=${encodeURIComponent(await cluster.token(role, state))}`,
      )
      sockets.push(s)
      await s.opened()
      const copy = new Y.Doc()
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(watcher.doc))
      const sv = Y.encodeStateVector(copy)
      firstClauseText(copy).insert(0, `${role} was here `)
      s.send(encodeMessage((e) => writeUpdate(e, Y.encodeStateAsUpdate(copy, sv))))
      const denied = await s.frame(isDenied)
      expect(new TextDecoder().decode(denied.slice(3))).toMatch(/may read the text but not change it/)
      expect(s.closeEvent).toBeNull()
    }
    expect((await storedUpdates(db, cluster.negotiation.id)).length).toBe(before)
    expect(textOf(watcher.doc)).not.toMatch(/was here/)
  })

  it("refuses, on a process that does not own the negotiation, an editor's update that breaks the schema", async () => {
    const owner = await ownerNow()
    const other = (owner + 2) % 3
    const s = new RawSocket(
      `${cluster.wsUrl(other)}/${cluster.negotiation.id}?token=${encodeURIComponent(await cluster.token('editor'))}`,
    )
    sockets.push(s)
    await s.opened()
    const bad = new Y.Doc()
    bad.getXmlFragment('prosemirror').insert(0, [new Y.XmlElement('script')])
    s.send(encodeMessage((e) => writeUpdate(e, Y.encodeStateAsUpdate(bad))))
    expect((await s.closed()).code).toBe(CloseCode.malformed)
  })

  it('carries a position recorded through one process to the clients of another', async () => {
    const delegation = await cluster.token('delegation', 'Chile')
    const owner = await ownerNow()
    const writerAt = (owner + 1) % 3
    const readerAt = (owner + 2) % 3
    const meta = connect(readerAt, await cluster.token('observer'), metaRoomName(cluster.negotiation.id))
    await meta.synced()
    const clauseId = (firstClauseText(clients[0]?.doc ?? new Y.Doc()).parent as Y.XmlElement).getAttribute('id')
    const created = await cluster.api(writerAt, `/api/negotiations/${cluster.negotiation.id}/positions`, {
      token: delegation,
      body: { clauseId, stance: 'oppose', comment: 'too broad' },
    })
    expect(created.status).toBe(201)
    const id = (created.json as { id: string }).id
    const seen = await until(
      () => meta.doc.getMap('positions').get(id) as { stance: string } | undefined,
      on([[meta.doc, 'update']]),
      'the position to reach the other process',
    )
    expect(seen.stance).toBe('oppose')
  })

  it('closes a revoked link’s sessions on every process within a second', async () => {
    const chair = await cluster.token('chair')
    const issued = await cluster.servers[0]?.tokens.issue({
      role: 'delegation',
      state: 'Kenya',
      negotiation: cluster.negotiation.id,
      createdBy: 'test',
    })
    const token = issued?.token ?? ''
    const id = issued?.invitation.id ?? ''
    const sessions = [0, 1, 2].map((i) => connect(i, token))
    const kept = connect(2, await cluster.token('delegation', 'Peru'))
    await Promise.all([...sessions, kept].map((c) => c.synced()))
    const started = Date.now()
    const revoked = await cluster.api(1, `/api/negotiations/${cluster.negotiation.id}/invitations/${id}`, {
      token: chair,
      method: 'DELETE',
    })
    expect(revoked.status).toBe(200)
    await until(
      () => sessions.every((s) => s.closes.some((c) => c.code === CloseCode.unauthorized)),
      on(sessions.map((s) => [s.provider, 'connection-close'] as [never, string])),
      'every session of the revoked link to close',
    )
    expect(Date.now() - started).toBeLessThan(1000)
    expect(kept.closes).toEqual([])
  })

  it('closes, on every process, the sessions of a link revoked from the command line', async () => {
    const issued = await cluster.servers[0]?.tokens.issue({
      role: 'observer',
      state: null,
      negotiation: cluster.negotiation.id,
      createdBy: 'test',
    })
    const sessions = [0, 1, 2].map((i) => connect(i, issued?.token ?? ''))
    await Promise.all(sessions.map((c) => c.synced()))
    const saved = { DATABASE_URL: process.env.DATABASE_URL, REDIS_URL: process.env.REDIS_URL }
    process.env.DATABASE_URL = db
    process.env.REDIS_URL = redisUrl ?? ''
    try {
      const run = await runCli(['invite', '--revoke', issued?.invitation.id ?? ''])
      expect(run.stdout).toMatch(/every running server process closes its open sessions at once/)
      expect(run.code).toBe(0)
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
    await until(
      () => sessions.every((s) => s.closes.some((c) => c.code === CloseCode.unauthorized)),
      on(sessions.map((s) => [s.provider, 'connection-close'] as [never, string])),
      'every session of the link revoked from the command line to close',
    )
  })

  it('lets a process serving only observers validate nothing, while it relays every edit and everyone’s presence', async () => {
    const owner = await ownerNow()
    const readersAt = (owner + 1) % 3
    const editor = connect(owner, await cluster.token('editor'))
    editor.provider.awareness.setLocalStateField('user', { name: 'Editor on the owner' })
    const observers = await Promise.all(
      [0, 1, 2].map(async () => {
        const c = connect(readersAt, await cluster.token('observer'))
        await c.synced()
        return c
      }),
    )
    await editor.synced()
    const replica = cluster.servers[readersAt]?.rooms.get(cluster.negotiation.id)
    const owned = cluster.servers[owner]?.rooms.get(cluster.negotiation.id)
    const checkedBefore = { replica: replica?.checkedChanges, owner: owned?.checkedChanges ?? 0 }
    const text = firstClauseText(editor.doc)
    for (let n = 0; n < 10; n++) text.insert(0, `<o${n}>`)
    await until(
      () => observers.every((o) => (textOf(o.doc).match(/<o\d>/g) ?? []).length === 10),
      on(observers.map((o) => [o.doc, 'update'] as [Y.Doc, string])),
      'every observer on the other process to receive the 10 edits',
    )
    expect(replica?.checkedChanges).toBe(checkedBefore.replica)
    expect(replica?.checkedChanges).toBe(0)
    expect(owned?.checkedChanges ?? 0).toBeGreaterThan(checkedBefore.owner)
    // Presence crosses processes too, stamped with the sender's identity, also
    // to a process that opened the room after it was announced.
    const first = observers[0]
    if (!first) throw new Error('no observer')
    const seen = await until(
      () =>
        [...first.provider.awareness.getStates().values()].find(
          (s) => (s.user as { role?: string } | undefined)?.role === 'editor',
        ),
      on([[first.provider.awareness, 'change']]),
      'the editor’s presence to reach the other process',
    ).catch((e) => {
      const names = (a: { getStates(): Map<number, Record<string, unknown>> } | undefined) =>
        JSON.stringify([...(a?.getStates().values() ?? [])].map((s) => s.user))
      throw new Error(
        `${e.message}: owner ${names(owned?.presence.awareness)} replica ${names(replica?.presence.awareness)} observer ${names(first.provider.awareness)} editor ${names(editor.provider.awareness)}`,
      )
    })
    expect((seen.user as { name?: string }).name).toBe('Editor')
  })
})
