import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openStorage } from '../../../server/storage'
import type { CheckpointResult } from '../../../server/storage/checkpointer'
import { openSqliteStorage } from '../../../server/storage/sqlite'
import { until } from '../../harness/events'
import { storageContract } from './contract'

const dirs: string[] = []
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

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

describe('SQLite write-ahead log', () => {
  it('is checkpointed on a worker thread while updates come in, and every update stays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-store-'))
    dirs.push(dir)
    const file = join(dir, 'rolling-text.sqlite')
    const results: CheckpointResult[] = []
    const wake = new Set<() => void>()
    const storage = openSqliteStorage(file, { checkpointEveryMs: 10, onCheckpoint: (r) => { results.push(r); for (const w of wake) w() } })
    const author = { role: 'editor' as const, state: null, name: 'E', tokenId: null }
    await Promise.all(Array.from({ length: 200 }, (_, i) => storage.documents.append('n', { update: new Uint8Array(2000).fill(i), author, at: 't', clauses: [] })))
    // The commits left frames in the log; a later checkpoint copies them all.
    const copied = await until(() => results.find((r) => r.walFrames > 0 && r.checkpointed === r.walFrames),
      (w) => { wake.add(w); return () => wake.delete(w) }, 'a checkpoint of the whole log')
    expect(copied.walFrames).toBeGreaterThan(100)
    await storage.close()
    const reopened = openSqliteStorage(file)
    expect((await reopened.documents.load('n')).updates).toHaveLength(200)
    await reopened.close()
  })

  it('stays bounded under steady writing: a long log is restarted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-store-'))
    dirs.push(dir)
    const results: CheckpointResult[] = []
    const storage = openSqliteStorage(join(dir, 'rolling-text.sqlite'), { checkpointEveryMs: 1, checkpointRestartFrames: 64, onCheckpoint: (r) => results.push(r) })
    const author = { role: 'editor' as const, state: null, name: 'E', tokenId: null }
    // One commit per turn of the event loop, with no pause for a PASSIVE
    // checkpoint to find the log quiet.
    for (let i = 0; i < 3000; i++) {
      await storage.documents.append('n', { update: new Uint8Array(3000).fill(i), author, at: 't', clauses: [] })
    }
    // A log that is never restarted only grows while writes go on.
    expect(results.some((r, k) => k > 0 && r.walFrames < results[k - 1].walFrames)).toBe(true)
    expect((await storage.documents.load('n')).updates).toHaveLength(3000)
    await storage.close()
  })
})
