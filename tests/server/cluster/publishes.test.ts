import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import type { RunningServer } from '../../../server/app'
import { type Client, connectClient, firstClauseText, textOf } from '../../harness/clients'
import { freshDatabase, startTestCluster, type TestCluster } from '../../harness/cluster'
import { on, until } from '../../harness/events'
import { serviceUrl } from '../../harness/services'

const databaseUrl = serviceUrl('TEST_DATABASE_URL')
const redisUrl = serviceUrl('TEST_REDIS_URL')

/** What each process has published so far, by kind of message. */
const tallies = (servers: RunningServer[]) =>
  servers.map((s) => new Map([...(s.cluster?.bus.sent ?? [])].map(([type, t]) => [type, { ...t }])))

/** Messages of one kind each process published since `before`. */
const since = (servers: RunningServer[], before: ReturnType<typeof tallies>, type: string) =>
  tallies(servers).map(
    (now, i) => (now.get(type as never)?.messages ?? 0) - (before[i]?.get(type as never)?.messages ?? 0),
  )

// The read-heavy case: a text followed by observers spread over
// several processes costs its owner one publish per update, however many
// observers and processes there are; the replicas publish no update at all.
describe.skipIf(!databaseUrl || !redisUrl)('publishes per update on the owner', () => {
  let cluster: TestCluster
  const clients: Client[] = []
  beforeAll(async () => {
    cluster = await startTestCluster(3, await freshDatabase(databaseUrl ?? '', 'publishes'), redisUrl ?? '')
  })
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await cluster?.stop()
  })
  const connect = async (i: number, role: 'editor' | 'observer') => {
    const c = connectClient(cluster.wsUrl(i), cluster.negotiation.id, await cluster.token(role))
    clients.push(c)
    await c.synced()
    return c
  }
  const observers: Client[] = []
  /** Adds `n` observers on each of the processes that do not own the text. */
  const addObservers = async (n: number, owner: number) => {
    for (const i of [0, 1, 2].filter((p) => p !== owner))
      for (let k = 0; k < n; k++) observers.push(await connect(i, 'observer'))
  }
  /** Makes `count` edits one at a time through `editor`, each seen by every observer before the next. */
  const edit = async (editor: Client, label: string, count: number) => {
    for (let n = 0; n < count; n++) {
      const marker = `<${label}${n}>`
      firstClauseText(editor.doc).insert(0, marker)
      await until(
        () => observers.every((o) => textOf(o.doc).includes(marker)),
        on(observers.map((o) => [o.doc, 'update'] as [Y.Doc, string])),
        `every observer to receive ${marker}`,
      )
    }
  }

  it('is one publish per update with 2 and with 8 observers a process, from an editor on the owner or elsewhere', async () => {
    const editor = await connect(0, 'editor')
    const owner = await cluster.owner()
    expect(owner).toBe(0)
    await addObservers(1, owner)

    let before = tallies(cluster.servers)
    await edit(editor, 'a', 5)
    expect(since(cluster.servers, before, 'update')).toEqual([5, 0, 0])
    // Observers send nothing the owner must take: no process forwards.
    expect(since(cluster.servers, before, 'forward')).toEqual([0, 0, 0])

    await addObservers(7, owner)
    expect(observers).toHaveLength(16)
    before = tallies(cluster.servers)
    await edit(editor, 'b', 5)
    expect(since(cluster.servers, before, 'update')).toEqual([5, 0, 0])
    const bytes = (cluster.servers[0]?.cluster?.bus.sent.get('update')?.bytes ?? 0) / 15
    // One message carries the update itself (a few dozen bytes), not a copy per observer.
    expect(bytes).toBeGreaterThan(0)
    expect(bytes).toBeLessThan(400)

    // An editor on another process: its changes are forwarded, stored and published once each by the owner.
    const remote = await connect(1, 'editor')
    before = tallies(cluster.servers)
    await edit(remote, 'c', 5)
    expect(since(cluster.servers, before, 'update')).toEqual([5, 0, 0])

    // /metrics shows the same tally (what bench:cluster reads from its processes).
    const sent = cluster.servers[0]?.cluster?.bus.sent.get('update')
    const metrics = await (await fetch(`${cluster.servers[0]?.url}/metrics`)).text()
    expect(metrics).toContain(`rt_bus_published_total{type="update"} ${sent?.messages}`)
    expect(metrics).toContain(`rt_bus_published_bytes_total{type="update"} ${sent?.bytes}`)
  })
})
