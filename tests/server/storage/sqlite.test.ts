import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { openStorage } from '../../../server/storage'
import type { CheckpointResult } from '../../../server/storage/checkpointer'
import { openSqliteStorage, schemaVersion } from '../../../server/storage/sqlite'
import { until, Wakeups } from '../../harness/events'
import { storageContract } from './contract'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

let current = ''
storageContract('SQLite file (WAL)', {
  open() {
    current = mkdtempSync(join(tmpdir(), 'rt-store-'))
    dirs.push(current)
    return openStorage(current)
  },
  reopen: () => openStorage(current),
})

storageContract('SQLite file, full durability', {
  open() {
    current = mkdtempSync(join(tmpdir(), 'rt-store-'))
    dirs.push(current)
    return openStorage(current, 'full')
  },
})

storageContract('SQLite :memory:', { open: () => openSqliteStorage(':memory:') })

describe('SQLite schema versions', () => {
  it('brings a version 1 database (no clause texts, no reading notes, no ended sessions, no position versions) up to date, keeping its history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-store-'))
    dirs.push(dir)
    const file = join(dir, 'rolling-text.sqlite')
    const author = { role: 'editor' as const, state: null, name: 'E', tokenId: null }
    const old = openSqliteStorage(file)
    await old.documents.append('n', {
      update: new Uint8Array([1]),
      author,
      at: 't1',
      clauses: [{ clauseId: 'c', kind: 'edited' }],
    })
    await old.close()
    const db = new Database(file)
    db.exec(
      'ALTER TABLE clause_changes DROP COLUMN text; ALTER TABLE readings DROP COLUMN note; DROP TABLE ended_sessions; DROP TABLE position_versions',
    )
    db.pragma('user_version = 1')
    db.close()
    const store = openSqliteStorage(file)
    const clauses = [{ clauseId: 'c', kind: 'edited' as const, text: 'Now with words.' }]
    await store.documents.append('n', { update: new Uint8Array([2]), author, at: 't2', clauses })
    expect((await store.documents.clauseHistory('n', 'c')).map((h) => [h.at, h.text])).toEqual([
      ['t1', null],
      ['t2', 'Now with words.'],
    ])
    await store.close()
    const check = new Database(file)
    expect(check.pragma('user_version', { simple: true })).toBe(schemaVersion)
    check.close()
  })
})

describe('SQLite write-ahead log', () => {
  /** Appends 200 updates in one commit, then waits for a checkpoint that
   *  copied the whole log; checks that every update is there on reopening. */
  async function checkpointAfterWrites(options: { checkpointRestartFrames?: number }): Promise<CheckpointResult> {
    const dir = mkdtempSync(join(tmpdir(), 'rt-store-'))
    dirs.push(dir)
    const file = join(dir, 'rolling-text.sqlite')
    const results: CheckpointResult[] = []
    const checkpoints = new Wakeups()
    const storage = openSqliteStorage(file, {
      ...options,
      checkpointEveryMs: 10,
      onCheckpoint: (r) => {
        results.push(r)
        checkpoints.notify()
      },
    })
    const author = { role: 'editor' as const, state: null, name: 'E', tokenId: null }
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        storage.documents.append('n', { update: new Uint8Array(2000).fill(i), author, at: 't', clauses: [] }),
      ),
    )
    const copied = await until(
      () => results.find((r) => r.walFrames > 0 && r.checkpointed === r.walFrames),
      checkpoints.subscribe,
      'a checkpoint of the whole log',
    )
    await storage.close()
    const reopened = openSqliteStorage(file)
    expect((await reopened.documents.load('n')).updates).toHaveLength(200)
    await reopened.close()
    return copied
  }

  it('W4: is checkpointed on a worker thread, not restarted while short, and every update stays', async () => {
    const copied = await checkpointAfterWrites({})
    expect(copied.walFrames).toBeGreaterThan(100)
    expect(copied.restarted).toBe(false)
  })

  it('W4: is restarted once it passes the limit', async () => {
    const copied = await checkpointAfterWrites({ checkpointRestartFrames: 50 })
    expect(copied.walFrames).toBeGreaterThan(50)
    expect(copied.restarted).toBe(true)
  })
})

describe('W4: commits never checkpoint', () => {
  it("lets the log grow past SQLite's automatic threshold (1,000 pages) until the thread copies it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-store-'))
    dirs.push(dir)
    const file = join(dir, 'rolling-text.sqlite')
    // The thread's first checkpoint is an hour away: only a commit could copy the log.
    const storage = openSqliteStorage(file, { checkpointEveryMs: 3_600_000 })
    const author = { role: 'editor' as const, state: null, name: 'E', tokenId: null }
    // Three commits of ~750 pages each. Had a commit checkpointed at 1,000
    // pages, the third would have started the log afresh, leaving ~750 frames.
    for (let commit = 0; commit < 3; commit++)
      await Promise.all(
        Array.from({ length: 750 }, (_, i) =>
          storage.documents.append('n', { update: new Uint8Array(4000).fill(i), author, at: 't', clauses: [] }),
        ),
      )
    const other = new Database(file)
    const [log] = other.pragma('wal_checkpoint(PASSIVE)') as { log: number }[]
    other.close()
    await storage.close()
    expect(log?.log).toBeGreaterThan(2000)
  })
})

describe('SQLite commit batches', () => {
  it('gather the appends of one turn of the event loop into one commit, resolved after the turn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-store-'))
    dirs.push(dir)
    const storage = openStorage(dir)
    const author = { role: 'editor' as const, state: null, name: 'E', tokenId: null }
    const order: string[] = []
    const stored = [1, 2].map(
      (i) =>
        new Promise<void>((done) =>
          setImmediate(() => {
            order.push(`message ${i}`)
            void storage.documents
              .append('n', { update: new Uint8Array([i]), author, at: 't', clauses: [] })
              .then(() => {
                order.push(`stored ${i}`)
                done()
              })
          }),
        ),
    )
    const last = new Promise<void>((done) =>
      setImmediate(() => {
        order.push('next message')
        done()
      }),
    )
    await Promise.all([...stored, last])
    await storage.close()
    expect(order).toEqual(['message 1', 'message 2', 'next message', 'stored 1', 'stored 2'])
  })
})
