import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloseCode } from '../../../server/core/close-codes'
import type { Log } from '../../../server/log'
import { connectClient, firstClauseText, textOf, type Client } from '../../harness/clients'
import { on, until } from '../../harness/events'
import { startTestServer, type TestServer } from '../../harness/server'

// Issue 15, point 9: the update log is compacted by size as well as by
// count, keeping the audit trail; each negotiation has a storage quota.

const big = 'x'.repeat(900_000)
const fast = { bytesPerSecond: 1 << 30, byteBurst: 1 << 30 }
const warnings: string[] = []
const log: Log = { info() {}, error() {}, warn: (m) => warnings.push(m) }

let server: TestServer
let quota: TestServer
const clients: Client[] = []
beforeAll(async () => {
  server = await startTestServer({ limits: fast })
  quota = await startTestServer({ limits: { ...fast, storageQuotaBytes: 3 << 20 }, log })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server.stop()
  await quota.stop()
})

async function editor(s: TestServer): Promise<Client> {
  const c = connectClient(s.wsUrl, s.negotiation.id, await s.token('editor'))
  clients.push(c)
  await c.synced()
  return c
}

/** Inserts and deletes 900 KB, then waits until the server stored both. */
async function churn(s: TestServer, c: Client, i: number): Promise<void> {
  const text = firstClauseText(c.doc)
  text.insert(0, big)
  text.delete(0, big.length)
  text.insert(0, `${i} `)
  const room = s.rooms.get(s.negotiation.id)
  if (!room) throw new Error('the room is not loaded')
  await until(
    () => textOf(room.currentDoc()).includes(`${i} `) || c.closes.length > 0,
    on([
      [room, 'stored'],
      [c.provider, 'connection-close'],
    ]),
    `round ${i}`,
  )
}

describe('the update log under churn', () => {
  it('stays near the size of the text, and keeps every row of the audit trail', async () => {
    const c = await editor(server)
    const before = (await server.storage.documents.load(server.negotiation.id)).bytes
    for (let i = 0; i < 20; i++) await churn(server, c, i)
    const room = server.rooms.get(server.negotiation.id)
    await room?.compact()
    const stored = await server.storage.documents.load(server.negotiation.id)
    // 20 × 900 KB went through; what stays is the text and its history.
    expect(stored.bytes).toBeLessThan(before + (5 << 20))
    expect(stored.bytes).toBeLessThan(before + 18_000_000 / 3)
    const history = await server.storage.documents.clauseHistory(server.negotiation.id, clauseIdOf(c))
    // The seed created the clause; each round edited it, and every row stays.
    expect(history.filter((h) => h.author.role === 'editor').length).toBeGreaterThanOrEqual(20)
    // A fresh client sees the text as it is.
    const late = await editor(server)
    expect(textOf(late.doc)).toBe(textOf(c.doc))
    expect(textOf(late.doc)).not.toContain('xxxxxxxxxx')
  })

  it('refuses updates past the quota with 4413 and a line in the log', async () => {
    const c = await editor(quota)
    const text = firstClauseText(c.doc)
    for (let i = 0; i < 6 && c.closes.length === 0; i++) {
      text.insert(0, big)
      await churnWait(quota, c, i)
    }
    await until(() => c.closes.length > 0, on([[c.provider, 'connection-close']]), 'the refusal')
    expect(c.closes[0].code).toBe(CloseCode.tooLarge)
    expect(c.closes[0].reason).toMatch(/storage quota \(3 MiB\)/)
    expect(warnings.join('\n')).toMatch(/quota is 3145728/)
    const stored = await quota.storage.documents.load(quota.negotiation.id)
    expect(stored.bytes).toBeLessThanOrEqual(3 << 20)
  })
})

function clauseIdOf(c: Client): string {
  const clause = firstClauseText(c.doc).parent as unknown as { getAttribute(k: string): string }
  return clause.getAttribute('id')
}

async function churnWait(s: TestServer, c: Client, i: number): Promise<void> {
  const room = s.rooms.get(s.negotiation.id)
  if (!room) return
  const marker = `q${i} `
  firstClauseText(c.doc).insert(0, marker)
  await until(
    () => textOf(room.currentDoc()).includes(marker) || c.closes.length > 0,
    on([
      [room, 'stored'],
      [c.provider, 'connection-close'],
    ]),
    `quota round ${i}`,
  )
}
