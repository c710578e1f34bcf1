import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Client, connectClient, firstClauseText, textOf } from '../../harness/clients'
import { runBin } from '../../harness/cli'
import { on, until } from '../../harness/events'
import { ServerProcess } from '../../harness/process'
import { docxWith, manyClausesDocx, millionClauses, twoMillionParagraphs } from '../../builders/crash-files'

// Issue #15 point 10: each of these files drove the server to 4.2 GB and
// killed it. Now each is refused with 413 saying what was too large, while
// the server keeps answering and another negotiation keeps editing. The
// server runs as users run it (the built server, its worker threads).

const dirs: string[] = []
const servers: ServerProcess[] = []
const clients: Client[] = []
afterAll(async () => {
  for (const c of clients) c.destroy()
  for (const s of servers) await s.kill()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

interface Running {
  server: ServerProcess
  url: string
  token: string
  negotiation: string
  /** Types into the other negotiation and waits until a second client sees it. */
  editElsewhere(marker: string): Promise<void>
}

async function start(env: Record<string, string> = {}): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-imports-'))
  dirs.push(dataDir)
  const server = new ServerProcess({ DATA_DIR: dataDir, PORT: '0', ...env })
  servers.push(server)
  const url = await server.listening()
  const token = await server.chairToken()
  const auth = { authorization: `Bearer ${token}` }
  const [seeded] = (await (await fetch(`${url}/api/negotiations`, { headers: auth })).json()) as { id: string }[]
  const other = (await (
    await fetch(`${url}/api/negotiations`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Another negotiation', text: '# I. Scope\n1. States shall report.\n' }),
    })
  ).json()) as { id: string }
  const wsUrl = `ws://127.0.0.1:${new URL(url).port}/sync`
  const writer = connectClient(wsUrl, other.id, token)
  const reader = connectClient(wsUrl, other.id, token)
  clients.push(writer, reader)
  await Promise.all([writer.synced(), reader.synced()])
  return {
    server,
    url,
    token,
    negotiation: seeded?.id ?? '',
    async editElsewhere(marker) {
      firstClauseText(writer.doc).insert(0, marker)
      await until(() => textOf(reader.doc).includes(marker), on([[reader.doc, 'update']]), `${marker} to arrive`)
    },
  }
}

/** Uploads a file as a reading; resolves with the status and error. */
async function upload(s: Running, name: string, bytes: Buffer) {
  const res = await fetch(
    `${s.url}/api/negotiations/${s.negotiation}/readings/import?filename=${encodeURIComponent(name)}`,
    { method: 'POST', headers: { authorization: `Bearer ${s.token}` }, body: new Uint8Array(bytes) },
  )
  const body = (await res.json()) as { error?: { code: string; message: string }; name?: string }
  return { status: res.status, ...body }
}

/** Uploads `bytes`, and while it is being read checks that the server
 *  answers and another room edits; resolves with the upload's answer. */
async function uploadUnderWatch(s: Running, name: string, bytes: Buffer, marker: string) {
  const pending = upload(s, name, bytes)
  const health = await fetch(`${s.url}/api/health`)
  expect(health.status).toBe(200)
  await s.editElsewhere(marker)
  const answer = await pending
  expect(s.server.exited).toBeNull()
  return answer
}

describe('issue #15 point 10: an uploaded file cannot crash the server', () => {
  let s: Running
  beforeAll(async () => {
    s = await start()
  })

  it('a ~130 KiB .docx expanding to 2 million paragraphs: 413, counted before it is parsed', async () => {
    const answer = await uploadUnderWatch(s, 'huge.docx', await twoMillionParagraphs(), '<p2m>')
    expect(answer.status).toBe(413)
    expect(answer.error?.code).toBe('import-too-large')
    expect(answer.error?.message).toMatch(/^huge\.docx: too large to import: it holds more than 50,000 paragraphs/)
  })

  it('a 14 MiB .txt of 1 million clauses: 413', async () => {
    const answer = await uploadUnderWatch(s, 'million.txt', millionClauses(), '<txt1m>')
    expect(answer).toMatchObject({ status: 413, error: { code: 'import-too-large' } })
    expect(answer.error?.message).toMatch(/more than 50,000 paragraphs \(the server's RT_LIMIT_IMPORT_PARAGRAPHS/)
  })

  it('a 15.9 MiB .docx of 108,000 clauses: 413', async () => {
    const file = await manyClausesDocx()
    expect(file.length).toBeGreaterThan(15 << 20)
    const answer = await uploadUnderWatch(s, 'clauses.docx', file, '<c108k>')
    expect(answer).toMatchObject({ status: 413, error: { code: 'import-too-large' } })
    expect(answer.error?.message).toMatch(/paragraphs/)
  })

  it('still reads an ordinary file afterwards', async () => {
    const answer = await upload(
      s,
      'fine.docx',
      await docxWith('<w:p><w:r><w:t>1. States shall report.</w:t></w:r></w:p>'),
    )
    expect(answer.status).toBe(201)
  })
})

describe('a file that needs more memory than the import worker has', () => {
  it('ends only that worker: 413, while the server answers and another room edits', { timeout: 90_000 }, async () => {
    // Bounds lifted so that the 2-million-paragraph file reaches the XML
    // parser, which needs far more than 64 MiB for it.
    const s = await start({
      RT_LIMIT_IMPORT_PARAGRAPHS: '100000000',
      RT_LIMIT_IMPORT_CLAUSES: '100000000',
      RT_LIMIT_IMPORT_WORKER_MB: '64',
    })
    const pending = upload(s, 'huge.docx', await twoMillionParagraphs())
    let settled = false
    void pending.then(() => {
      settled = true
    })
    expect((await fetch(`${s.url}/api/health`)).status).toBe(200)
    await s.editElsewhere('<oom>')
    // The event loop answered while the worker was still parsing.
    expect(settled).toBe(false)
    const answer = await pending.catch((e: unknown) => {
      throw new Error(`the upload failed (${String(e)}); the server said:\n${s.server.output}`)
    })
    expect(answer).toMatchObject({ status: 413, error: { code: 'import-too-large' } })
    expect(answer.error?.message).toMatch(/reading it needs more than 64 MiB of memory .*RT_LIMIT_IMPORT_WORKER_MB/)
    expect(s.server.exited).toBeNull()
    // A new worker reads the next file.
    const next = await upload(s, 'fine.txt', Buffer.from('I. Scope\n1. States shall report.\n'))
    expect(next.status).toBe(201)
  })
})

describe('the command line', () => {
  it('refuses a file past a bound with exit 2 and one line saying what was too large', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-imports-cli-'))
    dirs.push(dir)
    writeFileSync(join(dir, 'million.txt'), millionClauses())
    const result = await runBin(['import', 'million.txt'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      "million.txt: too large to import: it holds more than 50,000 paragraphs (the server's RT_LIMIT_IMPORT_PARAGRAPHS is 50,000)\n",
    )
  })
})
