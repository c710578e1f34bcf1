import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseNotation } from '../../shared/notation/parse'
import { createNegotiation } from '../../server/negotiations/create'
import { ByteLru } from '../../server/workers/cache'
import { ServerProcess } from '../harness/process'
import { startTestServer, type TestServer } from '../harness/server'

// Issue #16 point 7: exports and comparisons render on worker threads, and
// the files of frozen readings are rendered once.

let server: TestServer
let chair: string
beforeAll(async () => {
  server = await startTestServer()
  chair = await server.token('chair', null, null)
})
afterAll(() => server.stop())

/** How many tasks of `task` ended with `result`, from /metrics. */
async function counted(task: string, result: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  const line = text.split('\n').find((l) => l.startsWith(`rt_worker_tasks_total{task="${task}",result="${result}"}`))
  return line ? Number(line.split(' ').at(-1)) : 0
}

const download = async (path: string) => {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${chair}` } })
  expect(res.status).toBe(200)
  return Buffer.from(await res.arrayBuffer())
}

describe('renders on the worker threads', () => {
  it("renders a frozen reading's Word file once, then sends it from the cache; the live text every time", async () => {
    const id = server.negotiation.id
    const frozen = await server.api(`/api/negotiations/${id}/readings`, { token: chair, body: { name: 'Cached' } })
    expect(frozen.status).toBe(201)
    const rid = (frozen.json as { id: string }).id
    const [rendered, cached] = [await counted('export', 'rendered'), await counted('export', 'cached')]
    const first = await download(`/api/negotiations/${id}/export?format=docx&reading=${rid}`)
    const second = await download(`/api/negotiations/${id}/export?format=docx&reading=${rid}`)
    expect(second.equals(first)).toBe(true)
    expect(await counted('export', 'rendered')).toBe(rendered + 1)
    expect(await counted('export', 'cached')).toBe(cached + 1)
    await download(`/api/negotiations/${id}/export?format=docx&reading=live`)
    await download(`/api/negotiations/${id}/export?format=docx&reading=live`)
    expect(await counted('export', 'rendered')).toBe(rendered + 3)
    // A comparison of two frozen readings is cached too; one with the live text is not.
    await download(`/api/negotiations/${id}/diff?from=${rid}&to=${rid}&format=html`)
    await download(`/api/negotiations/${id}/diff?from=${rid}&to=${rid}&format=html`)
    expect(await counted('compare', 'cached')).toBe(1)
  })

  it('answers other requests while a 5,000-clause Word export renders', async () => {
    const lines = ['# I. Provisions']
    for (let i = 1; i <= 5000; i++) lines.push(`${i}. States [shall][should] report on measure ${i} annually.`)
    const parsed = parseNotation(`${lines.join('\n')}\n`)
    if (!parsed.ok) throw new Error(parsed.error.message)
    const big = await createNegotiation(server.storage, '5,000 clauses', parsed.doc)
    let settled = false
    const exported = download(`/api/negotiations/${big.id}/export?format=docx`).then((body) => {
      settled = true
      return body
    })
    const health = await fetch(`${server.url}/api/health`)
    expect(health.status).toBe(200)
    expect(settled).toBe(false)
    expect((await exported).subarray(0, 2).toString()).toBe('PK')
  })
})

describe('a render that needs more memory than a render thread has', () => {
  it('ends only that thread: 503 render-out-of-memory, and the server answers on', { timeout: 90_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rt-render-oom-'))
    const child = new ServerProcess({ DATA_DIR: dataDir, PORT: '0', RT_LIMIT_RENDER_WORKER_MB: '32' })
    try {
      const url = await child.listening()
      const auth = { authorization: `Bearer ${await child.chairToken()}` }
      const lines = ['# I. Provisions']
      for (let i = 1; i <= 5000; i++) lines.push(`${i}. States [shall][should] report on measure ${i} annually.`)
      const created = await fetch(`${url}/api/negotiations?filename=big.txt`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/plain' },
        body: lines.join('\n'),
      })
      const { id } = (await created.json()) as { id: string }
      const res = await fetch(`${url}/api/negotiations/${id}/export?format=docx`, { headers: auth })
      expect(res.status).toBe(503)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('render-out-of-memory')
      expect((await fetch(`${url}/api/health`)).status).toBe(200)
      // A text that fits renders on a new thread.
      const [seeded] = (await (await fetch(`${url}/api/negotiations`, { headers: auth })).json()) as { id: string }[]
      const small = await fetch(`${url}/api/negotiations/${seeded?.id}/export?format=txt`, { headers: auth })
      expect(small.status).toBe(200)
      expect(child.exited).toBeNull()
    } finally {
      await child.kill()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('a render or an import that takes longer than it may', () => {
  it('ends only that thread or process: 503 render-timed-out, 413 import-too-large, and the server answers on', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rt-timeout-'))
    const child = new ServerProcess({
      DATA_DIR: dataDir,
      PORT: '0',
      RT_LIMIT_RENDER_TIMEOUT_MS: '1',
      RT_LIMIT_IMPORT_TIMEOUT_MS: '1',
    })
    try {
      const url = await child.listening()
      const auth = { authorization: `Bearer ${await child.chairToken()}` }
      const [seeded] = (await (await fetch(`${url}/api/negotiations`, { headers: auth })).json()) as { id: string }[]
      const render = await fetch(`${url}/api/negotiations/${seeded?.id}/export?format=docx`, { headers: auth })
      expect(render.status).toBe(503)
      expect(await render.json()).toMatchObject({
        error: { code: 'render-timed-out', message: expect.stringContaining('RT_LIMIT_RENDER_TIMEOUT_MS') },
      })
      const upload = await fetch(`${url}/api/negotiations?filename=draft.txt`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/plain' },
        body: '# I. Scope\n1. States shall report.\n',
      })
      expect(upload.status).toBe(413)
      expect(await upload.json()).toMatchObject({
        error: { code: 'import-too-large', message: expect.stringContaining('RT_LIMIT_IMPORT_TIMEOUT_MS') },
      })
      expect((await fetch(`${url}/api/health`)).status).toBe(200)
      expect(child.exited).toBeNull()
    } finally {
      await child.kill()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('the render cache', () => {
  it('keeps values up to its size in bytes, dropping the least recently used; a value larger than it is not kept', () => {
    const lru = new ByteLru<string>(100)
    lru.set('a', 'A', 40)
    lru.set('b', 'B', 40)
    expect(lru.get('a')).toBe('A')
    lru.set('c', 'C', 40)
    expect(lru.get('b')).toBeUndefined()
    expect([lru.get('a'), lru.get('c'), lru.size]).toEqual(['A', 'C', 80])
    lru.set('huge', 'H', 101)
    expect([lru.get('huge'), lru.size]).toEqual([undefined, 80])
  })
})
