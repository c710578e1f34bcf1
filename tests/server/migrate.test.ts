import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../server/app'
import { loadKeyring, rotateKey, singleKey, TokenService } from '../../server/auth/tokens'
import { silentLog } from '../../server/log'
import { clauseIds } from '../../server/negotiations/clauses'
import { createNegotiation, sampleDocument } from '../../server/negotiations/create'
import { databaseFile, openStorage } from '../../server/storage'
import { openPostgresStorage } from '../../server/storage/postgres'
import { migrateToPostgres } from '../../server/storage/to-postgres'
import { verifyCopy } from '../../server/storage/verify-copy'
import type { HistoryEntry } from '../../shared/protocol/wire'
import { present } from '../../shared/present'
import { connectClient, firstClauseText, textOf } from '../harness/clients'
import { runCli } from '../harness/cli'
import { freshDatabase } from '../harness/cluster'
import { on, until } from '../harness/events'
import { serviceUrl } from '../harness/services'

const url = serviceUrl('TEST_DATABASE_URL')
const dirs: string[] = []
const tempDir = (label: string) => {
  const dir = mkdtempSync(join(tmpdir(), `rt-migrate-${label}-`))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const serve = (dataDir: string, databaseUrl: string | null = null) =>
  startServer({ dataDir, host: '127.0.0.1', port: 0, log: silentLog, databaseUrl })

async function api(server: RunningServer, path: string, token: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return { status: res.status, json: (await res.json()) as unknown }
}

async function count(databaseUrl: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n)
  } catch (e) {
    // 42P01: no such table (the schema is not there yet).
    if ((e as { code?: string }).code === '42P01') return 0
    throw e
  } finally {
    await client.end()
  }
}

/** What a client and the API see of a negotiation on a server. */
async function seen(server: RunningServer, negotiation: string, token: string, clause: string) {
  const client = connectClient(`ws://127.0.0.1:${server.port}/sync`, negotiation, token)
  try {
    await client.synced()
    const base = `/api/negotiations/${negotiation}`
    const readings = (await api(server, `${base}/readings`, token)).json as { id: string }[]
    return {
      text: textOf(client.doc),
      readings,
      reading: (await api(server, `${base}/readings/${readings[0]?.id}`, token)).json,
      positions: (await api(server, `${base}/positions`, token)).json,
      history: (await api(server, `${base}/clauses/${clause}/history`, token)).json,
    }
  } finally {
    client.destroy()
  }
}

describe.skipIf(!url)('rolling-text migrate: SQLite to PostgreSQL', () => {
  let dataDir = ''
  let target = ''
  let negotiation = ''
  let clause = ''
  let chair = ''
  let oldLink = ''
  let before: Awaited<ReturnType<typeof seen>>
  const migrate = (...args: string[]) => runCli(['migrate', '--from', dataDir, ...args])

  beforeAll(async () => {
    // Made here, not while the file is collected: a skipped file runs no afterAll.
    dataDir = tempDir('source')
    target = await freshDatabase(url ?? '', 'migrate')
    // A link signed before the keys were rotated, and one after.
    const storage = openStorage(dataDir)
    const { title, doc } = sampleDocument()
    negotiation = (await createNegotiation(storage, title, doc)).id
    const keyZero = singleKey(present(loadKeyring(dataDir).keys.get('0'), 'key 0'))
    oldLink = (await new TokenService(keyZero, storage.tokens).issue({ role: 'observer', createdBy: 'test' })).token
    await storage.close()
    rotateKey(dataDir)

    const server = await serve(dataDir)
    try {
      const issue = async (role: 'chair' | 'editor' | 'delegation', state: string | null = null) =>
        (await server.tokens.issue({ role, state, negotiation, createdBy: 'test' })).token
      chair = await issue('chair')
      const editor = connectClient(`ws://127.0.0.1:${server.port}/sync`, negotiation, await issue('editor'))
      await editor.synced()
      const room = present(await server.rooms.open(negotiation))
      clause = present(clauseIds(room.currentDoc().getXmlFragment('prosemirror'))[0], 'a clause')
      for (const word of ['Recalling ', 'also ', 'further ']) firstClauseText(editor.doc).insert(0, word)
      await until(
        () => textOf(room.currentDoc()).includes('further also Recalling'),
        on([[room, 'stored']]),
        'edits stored',
      )
      editor.destroy()
      const base = `/api/negotiations/${negotiation}`
      expect((await api(server, `${base}/readings`, chair, { name: 'First reading', date: '2026-03-03' })).status).toBe(
        201,
      )
      const austria = await issue('delegation', 'Austria')
      const position = {
        clauseId: clause,
        stance: 'support',
        target: 'further',
        comment: 'Retain.',
        source: 'statement',
      }
      expect((await api(server, `${base}/positions`, austria, position)).status).toBe(201)
      before = await seen(server, negotiation, chair, clause)
    } finally {
      await server.close()
    }
  })

  it('refuses a bad command line with exit 2 and a missing data directory with a message', async () => {
    expect(await runCli(['migrate', '--help'])).toMatchObject({ code: 0 })
    const saved = process.env.DATABASE_URL
    delete process.env.DATABASE_URL
    try {
      expect(await migrate()).toMatchObject({ code: 2, stderr: expect.stringContaining('--to names the PostgreSQL') })
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved
    }
    expect(await migrate('--to', 'mysql://x/y')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('postgres://'),
    })
    expect(await migrate('--to', target, '--bogus')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Usage'),
    })
    const none = await runCli(['migrate', '--from', tempDir('none'), '--to', target])
    expect(none).toMatchObject({ code: 1, stderr: expect.stringContaining('no rolling-text database') })
    expect(await count(target, 'negotiations')).toBe(0)
  })

  it('copies everything in one go; a server on PostgreSQL serves the same text, readings, positions, history and links', async () => {
    const copied = await migrate('--to', target)
    expect(copied.stderr).toBe('')
    expect(copied).toMatchObject({ code: 0 })
    expect(copied.stdout).toMatch(
      /Copied .* 1 negotiation, \d+ updates, \d+ clause changes, 2 snapshots, 1 reading, 1 position, 4 invitations, 1 position version; 2 signing keys\./,
    )
    expect(copied.stdout).toContain('Verified')

    const server = await serve(tempDir('pg-server'), target)
    try {
      const after = await seen(server, negotiation, chair, clause)
      expect(after).toEqual(before)
      expect(before.text).toContain('further also Recalling')
      // The link signed with key 0 before the rotation still opens the text.
      const observer = connectClient(`ws://127.0.0.1:${server.port}/sync`, negotiation, oldLink)
      await observer.synced()
      expect(textOf(observer.doc)).toBe(before.text)
      observer.destroy()
      // Work goes on where it stopped: new updates and readings follow the copied ones.
      const editor = connectClient(
        `ws://127.0.0.1:${server.port}/sync`,
        negotiation,
        (await server.tokens.issue({ role: 'editor', negotiation, createdBy: 'test' })).token,
      )
      await editor.synced()
      firstClauseText(editor.doc).insert(0, 'Noting ')
      const room = present(await server.rooms.open(negotiation))
      await until(() => textOf(room.currentDoc()).includes('Noting further'), on([[room, 'stored']]), 'edit stored')
      editor.destroy()
      const base = `/api/negotiations/${negotiation}`
      expect((await api(server, `${base}/readings`, chair, { name: 'Second reading' })).status).toBe(201)
      const readings = (await api(server, `${base}/readings`, chair)).json as { name: string }[]
      expect(readings.map((r) => r.name)).toEqual(['First reading', 'Second reading'])
      // The edit is in the clause's history, with its words (an edit by the same person soon after the
      // copied ones joins their line).
      const history = (await api(server, `${base}/clauses/${clause}/history`, chair)).json as HistoryEntry[]
      expect(history.length).toBeGreaterThanOrEqual((before.history as unknown[]).length)
      expect(history.at(-1)?.words?.some((w) => w.op === 'insert' && w.text.includes('Noting'))).toBe(true)
    } finally {
      await server.close()
    }
  })

  it('is safe to run again: a target holding this copy is recognised, another one refused unless --replace', async () => {
    const fresh = await freshDatabase(url ?? '', 'migrate')
    // Two rows an INSERT: every table takes several pages.
    const paged = await migrateToPostgres({ dataDir, url: fresh, batchRows: 2 })
    expect(paged).toMatchObject({ already: false, replaced: false, keys: 2 })
    // The database trusts loopback, so any password does: none is ever printed.
    const withPassword = new URL(fresh)
    withPassword.password = 'hunter2'
    const again = await migrate('--to', withPassword.toString())
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('holds this data already') })
    expect(again.stdout).toContain('Verified')
    expect(again.stdout).toContain(`//${withPassword.username}:***@`)
    expect(again.stdout + again.stderr).not.toContain('hunter2')

    const other = tempDir('other')
    const storage = openStorage(other)
    const { title, doc } = sampleDocument()
    await createNegotiation(storage, `${title} (other)`, doc)
    await storage.close()
    const refused = await runCli(['migrate', '--from', other, '--to', fresh])
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('--replace') })
    expect(refused.stderr).toContain('holds data already (1 negotiation, ')
    expect(await count(fresh, 'negotiations')).toBe(1)
    const replaced = await runCli(['migrate', '--from', other, '--to', fresh, '--replace'])
    expect(replaced).toMatchObject({ code: 0, stdout: expect.stringContaining('replacing what it held') })
    const copy = new pg.Client({ connectionString: fresh })
    await copy.connect()
    const titles = (await copy.query<{ title: string }>('SELECT title FROM negotiations')).rows
    await copy.end()
    expect(titles).toEqual([{ title: `${title} (other)` }])
  })

  it('writes nothing when any row cannot be copied', async () => {
    const fresh = await freshDatabase(url ?? '', 'migrate')
    const broken = tempDir('broken')
    const storage = openStorage(broken)
    await createNegotiation(storage, 'T', sampleDocument().doc)
    await storage.close()
    // PostgreSQL's text refuses a NUL character that SQLite kept; invitations are copied last.
    const db = new Database(databaseFile(broken))
    db.prepare(
      "INSERT INTO invitations (id, role, state, negotiation_id, name, created_at, created_by, revoked_at) VALUES ('x', 'observer', NULL, NULL, ?, 't', 'cli', NULL)",
    ).run('A\u0000B')
    db.close()
    const failed = await runCli(['migrate', '--from', broken, '--to', fresh])
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('nothing was written') })
    for (const table of ['negotiations', 'updates', 'clause_changes', 'invitations', 'signing_keys'])
      expect(await count(fresh, table)).toBe(0)
  })

  it('brings the rotated keys over, which rolling-text keys then lists, rotates and retires in PostgreSQL', async () => {
    const saved = process.env.DATABASE_URL
    process.env.DATABASE_URL = target
    try {
      const [zero, rotated] = [...loadKeyring(dataDir).keys.keys()]
      expect(await runCli(['keys', 'list'])).toMatchObject({
        code: 0,
        stdout: `${zero}\n${rotated}  (signs new links)\n`,
      })
      const next = await runCli(['keys', 'rotate'])
      expect(next).toMatchObject({ code: 0, stdout: expect.stringMatching(/^New links are signed with key k\w+;/) })
      const kid = /key (k\w+);/.exec(next.stdout)?.[1]
      const copy = await openPostgresStorage(target)
      try {
        expect((await copy.keyring()).current).toBe(kid)
      } finally {
        await copy.close()
      }
      expect(await runCli(['keys', 'retire', `${kid}`])).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('rotate first'),
      })
      expect(await runCli(['keys', 'retire', 'k-none'])).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('no key'),
      })
      expect(await runCli(['keys', 'retire', '0'])).toMatchObject({ code: 0 })
      expect((await runCli(['keys', 'list'])).stdout).toBe(`${rotated}\n${kid}  (signs new links)\n`)
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL
      else process.env.DATABASE_URL = saved
    }
  })

  it('names what differs when the source changed after the copy', async () => {
    const fresh = await freshDatabase(url ?? '', 'migrate')
    const { documents } = await migrateToPostgres({ dataDir, url: fresh })
    const original = openStorage(dataDir)
    const copy = await openPostgresStorage(fresh)
    try {
      const [position] = await original.positions.list(negotiation)
      await original.positions.put({ ...present(position, 'a position'), id: 'p-late', comment: 'Written late.' })
      expect(await verifyCopy(original, copy, documents, [])).toEqual([`the positions of ${negotiation}`])
    } finally {
      await Promise.all([original.close(), copy.close()])
    }
  })
})
