import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type Client, connectClient, firstClauseText, textOf } from '../../harness/clients'
import { covers, docOf, storedTwice, storedUpdates } from '../../harness/cluster'
import { on, until } from '../../harness/events'
import { ServerProcess } from '../../harness/process'
import { canStartServices, TestPostgres, TestRedis } from '../../harness/services'

// These tests kill processes and restart PostgreSQL and Redis, so they run
// their own instances of both.
describe.skipIf(!canStartServices())('a cluster of three server processes under failures', () => {
  let pg: TestPostgres
  let redis: TestRedis
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-failover-'))
  const processes: ServerProcess[] = []
  const clients: Client[] = []
  let negotiation = ''
  let token = ''
  const urls: string[] = []

  beforeAll(async () => {
    pg = await TestPostgres.start()
    redis = await TestRedis.start()
    const env = { DATA_DIR: dataDir, PORT: '0', DATABASE_URL: pg.url, REDIS_URL: redis.url }
    // The first seeds the sample negotiation; the others join it.
    for (let i = 0; i < 3; i++) {
      const p = new ServerProcess(env)
      processes.push(p)
      urls.push(await p.listening())
      if (i === 0) token = await p.chairToken()
    }
    const res = await fetch(`${urls[0]}/api/negotiations`, { headers: { authorization: `Bearer ${token}` } })
    negotiation = ((await res.json()) as { id: string }[])[0]?.id ?? ''
  }, 60_000)

  afterAll(async () => {
    for (const c of clients) c.destroy()
    for (const p of processes) await p.kill()
    await redis?.remove()
    pg?.remove()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const wsUrl = (i: number) => `${urls[i]?.replace('http', 'ws')}/sync`
  const connect = (i: number) => {
    const c = connectClient(wsUrl(i), negotiation, token)
    clients.push(c)
    return c
  }
  const markers = (doc: Y.Doc, writer: string) =>
    (textOf(doc).match(new RegExp(`<${writer}\\.\\d+>`, 'g')) ?? []).length
  const received = (c: Client) => Y.decodeStateVector(Y.encodeStateVector(c.doc))

  /** Each writer appends numbered markers `<W.n>` to its own clause, a few
   *  in flight at a time, while `during` runs; returns how many each wrote. */
  async function stream(writers: [string, Client][], reader: Client, during: (burst: () => void) => Promise<void>) {
    const texts = writers.map(([name, c], i) => [name, firstClauseText(c.doc, i)] as const)
    const sent = new Map(writers.map(([name]) => [name, 0]))
    let running = true
    const pump = () => {
      if (!running) return
      for (const [name, text] of texts) {
        const n = sent.get(name) ?? 0
        if (n < markers(reader.doc, name) + 3) {
          text.insert(text.length, `<${name}.${n + 1}>`)
          sent.set(name, n + 1)
        }
      }
    }
    reader.doc.on('update', pump)
    pump()
    await until(
      () => writers.every(([name]) => markers(reader.doc, name) >= 10),
      on([[reader.doc, 'update']]),
      'the stream to flow',
    )
    // One more marker from each writer, whatever the state of the servers.
    const burst = () => {
      for (const [name, text] of texts) {
        const n = (sent.get(name) ?? 0) + 1
        text.insert(text.length, `<${name}.${n}>`)
        sent.set(name, n)
      }
    }
    await during(burst)
    running = false
    reader.doc.off('update', pump)
    for (let k = 0; k < 3; k++) burst()
    return sent
  }

  async function convergeAndCheck(live: Client[], sent: Map<string, number>, alsoReceived: Map<number, number>[]) {
    const converged = until(
      () =>
        live.every((c) => textOf(c.doc) === textOf(live[0]?.doc ?? c.doc)) &&
        [...sent].every(([name, n]) => live.every((c) => markers(c.doc, name) >= n)),
      on(live.map((c) => [c.doc, 'update'] as [Y.Doc, string])),
      'the clients to converge on every edit',
      30_000,
    )
    // On failure, the servers' logs say why.
    await converged.catch((e: Error) => {
      const texts = live.map((c) => [...sent.keys()].map((name) => `${name}:${markers(c.doc, name)}`).join(' '))
      throw new Error(
        `${e.message}\nclients: ${texts.join(' | ')} of ${[...sent].join(' ')}\n${processes.map((p) => p.output.slice(-3000)).join('\n---\n')}`,
      )
    })
    const rows = await storedUpdates(pg.url, negotiation)
    expect(storedTwice(rows)).toEqual([])
    const stored = docOf(rows)
    for (const c of live) expect(covers(stored, received(c))).toBe(true)
    for (const sv of alsoReceived) expect(covers(stored, sv)).toBe(true)
  }

  it('kill -9 of the owner mid-stream: a new owner within 10 s, clients converge, everything received stored once', async () => {
    // Clients on the first process open the negotiation, so it owns it.
    const onFirst = [connect(0), connect(0)]
    await Promise.all(onFirst.map((c) => c.synced()))
    const others = [connect(1), connect(1), connect(2), connect(2)]
    await Promise.all(others.map((c) => c.synced()))
    const [w0] = onFirst
    const [w1, r1, w2, r2] = others
    if (!w0 || !w1 || !r1 || !w2 || !r2) throw new Error('clients missing')

    let atKill: Map<number, number>[] = []
    let killedAt = 0
    const sent = await stream(
      [
        ['a', w0],
        ['b', w1],
        ['c', w2],
      ],
      r1,
      async () => {
        const [p0] = processes
        await p0?.kill('SIGKILL')
        killedAt = Date.now()
        // What they received: their state less their own (perhaps unsent) edits.
        atKill = onFirst.map((c) => {
          const sv = received(c)
          sv.delete(c.doc.clientID)
          return sv
        })
      },
    )
    sent.delete('a') // the killed process's writer is gone with it
    const takeover = await Promise.race(
      processes.slice(1).map((p) => p.printed(/this process owns it now/, 'a surviving process to take over', 10_000)),
    )
    expect(takeover).toBeDefined()
    expect(Date.now() - killedAt).toBeLessThan(10_000)
    await convergeAndCheck([w1, r1, w2, r2], sent, atKill)
    for (const c of [w1, r1, w2, r2]) expect(c.closes).toEqual([])
  }, 60_000)

  it('a Redis restart mid-stream loses no accepted update and the processes resynchronise by themselves', async () => {
    const live = [connect(1), connect(1), connect(2), connect(2)]
    await Promise.all(live.map((c) => c.synced()))
    const [w1, r1, w2] = live
    if (!w1 || !r1 || !w2) throw new Error('clients missing')
    const sent = await stream(
      [
        ['d', w1],
        ['e', w2],
      ],
      r1,
      async (burst) => {
        await redis.kill()
        burst()
        await Promise.race(processes.slice(1).map((p) => p.printed(/redis: .*retrying/, 'a process to miss Redis')))
        burst()
        await redis.startServer()
        await Promise.all(processes.slice(1).map((p) => p.printed(/redis: connected again/, 'Redis to be back')))
      },
    )
    await convergeAndCheck(live, sent, [])
  }, 60_000)

  it('a PostgreSQL restart mid-stream loses no accepted update and service resumes by itself', async () => {
    const live = [connect(1), connect(1), connect(2), connect(2)]
    await Promise.all(live.map((c) => c.synced()))
    const [w1, r1, w2] = live
    if (!w1 || !r1 || !w2) throw new Error('clients missing')
    const sent = await stream(
      [
        ['f', w1],
        ['g', w2],
      ],
      r1,
      async (burst) => {
        pg.stopServer()
        burst()
        await Promise.race(
          processes.slice(1).map((p) => p.printed(/cannot reach the database/, 'a process to miss PostgreSQL')),
        )
        burst()
        pg.startServer()
      },
    )
    await convergeAndCheck(live, sent, [])
  }, 60_000)
})
