import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { connectClient, firstClauseText, textOf, type Client } from '../harness/clients'
import { on, until } from '../harness/events'
import { ServerProcess } from '../harness/process'

const dataDir = mkdtempSync(join(tmpdir(), 'rt-crash-'))
const servers: ServerProcess[] = []
const clients: Client[] = []
afterAll(async () => {
  for (const c of clients) c.destroy()
  for (const s of servers) await s.kill()
  rmSync(dataDir, { recursive: true, force: true })
})

const markers = (doc: Y.Doc) => new Set(textOf(doc).match(/<\d+>/g) ?? [])

/** Whether `doc` has everything a state vector names. */
const covers = (doc: Y.Doc, sv: Map<number, number>) =>
  [...sv].every(([client, clock]) => (Y.getState(doc.store, client) ?? 0) >= clock)

describe('kill -9 during a stream of edits', () => {
  it('W2: keeps every edit a client had received, and the clients reconnect and converge', async () => {
    const first = new ServerProcess({ DATA_DIR: dataDir, PORT: '0' })
    servers.push(first)
    const url = await first.listening()
    const token = await first.chairToken()
    const port = new URL(url).port
    const [negotiation] = await (
      await fetch(`${url}/api/negotiations`, { headers: { authorization: `Bearer ${token}` } })
    ).json()
    const wsUrl = `ws://127.0.0.1:${port}/sync`
    const writer = connectClient(wsUrl, negotiation.id, token)
    const reader = connectClient(wsUrl, negotiation.id, token)
    clients.push(writer, reader)
    await Promise.all([writer.synced(), reader.synced()])

    // The writer appends numbered markers, keeping a few in flight, until
    // the reader has received 40 of them; then it fires 20 more and the
    // server is killed at once, with some of those still in flight.
    const text = firstClauseText(writer.doc)
    let sent = 0
    const pump = () => {
      while (sent < markers(reader.doc).size + 4 && sent < 40) text.insert(text.length, `<${++sent}>`)
    }
    reader.doc.on('update', pump)
    pump()
    await until(() => markers(reader.doc).size >= 40, on([[reader.doc, 'update']]), 'the reader to receive 40 edits')
    reader.doc.off('update', pump)
    for (let i = 0; i < 20; i++) text.insert(text.length, `<${++sent}>`)
    await first.kill('SIGKILL')
    expect(first.exited?.signal).toBe('SIGKILL')

    const received = Y.decodeStateVector(Y.encodeStateVector(reader.doc))
    const receivedMarkers = markers(reader.doc)
    writer.provider.disconnect()
    reader.provider.disconnect()

    const second = new ServerProcess({ DATA_DIR: dataDir, PORT: port })
    servers.push(second)
    await second.listening()
    // A fresh client sees what the store kept, before the old clients return
    // with their copies.
    const fresh = connectClient(wsUrl, negotiation.id, token)
    clients.push(fresh)
    await fresh.synced()
    expect(covers(fresh.doc, received)).toBe(true)
    for (const m of receivedMarkers) expect(markers(fresh.doc).has(m)).toBe(true)

    writer.provider.connect()
    reader.provider.connect()
    const all = [writer, reader, fresh]
    await until(
      () => all.every((c) => textOf(c.doc) === textOf(writer.doc)) && markers(fresh.doc).size === 60,
      on(all.map((c) => [c.doc, 'update'] as [Y.Doc, string])),
      'all clients to converge on all 60 edits',
    )
  })
})
