import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { loadSecret, TokenService } from '../../server/auth/tokens'
import { openStorage } from '../../server/storage'
import type { CheckpointResult } from '../../server/storage/checkpointer'
import { openSqliteStorage } from '../../server/storage/sqlite'
import { runBin } from '../harness/cli'
import { connectClient, firstClauseText } from '../harness/clients'
import { until, Wakeups } from '../harness/events'
import { startTestServer } from '../harness/server'

const dirs: string[] = []
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'rt-backup-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
const mode = (file: string) => statSync(file).mode & 0o777

describe('rolling-text backup and restore', () => {
  it('backs up a running server while it is edited, and the restored copy opens with its links', async () => {
    const server = await startTestServer()
    const token = await server.token('editor')
    const writer = connectClient(server.wsUrl, server.negotiation.id, token)
    try {
      await writer.synced()
      const text = firstClauseText(writer.doc)
      // Edits keep coming while the backup runs.
      const editing = setInterval(() => text.insert(text.length, '.'), 2)
      const dest = join(scratch(), 'backup')
      const backup = await runBin(['backup', dest], undefined, { env: { DATA_DIR: server.dataDir } })
      clearInterval(editing)
      expect(backup.stderr).toBe('')
      expect(backup).toMatchObject({ code: 0 })
      expect(backup.stdout).toContain(`into ${dest}`)
      expect(mode(join(dest, 'rolling-text.sqlite'))).toBe(0o600)
      expect(mode(join(dest, 'secret.key'))).toBe(0o600)
      expect(readFileSync(join(dest, 'secret.key'))).toEqual(readFileSync(join(server.dataDir, 'secret.key')))

      const restoredDir = join(scratch(), 'data')
      const restore = await runBin(['restore', dest], undefined, { env: { DATA_DIR: restoredDir } })
      expect(restore).toMatchObject({ code: 0, stderr: '' })
      const restored = openStorage(restoredDir)
      try {
        expect(await restored.negotiations.get(server.negotiation.id)).toMatchObject({
          title: server.negotiation.title,
        })
        expect((await restored.documents.load(server.negotiation.id)).updates.length).toBeGreaterThan(0)
        // The links issued before the backup still open the restored server.
        await expect(new TokenService(loadSecret(restoredDir), restored.tokens).verify(token)).resolves.toMatchObject({
          role: 'editor',
        })
      } finally {
        await restored.close()
      }
    } finally {
      writer.destroy()
      await server.stop()
    }
  })

  it('restores over a database only with --replace, keeping the one it replaces', async () => {
    const source = scratch()
    const storage = openStorage(source)
    await storage.negotiations.create({ id: 'n-backup0001', title: 'Backed up', createdAt: new Date().toISOString() })
    await storage.close()
    loadSecret(source)
    const dest = join(scratch(), 'b')
    expect((await runBin(['backup', dest], undefined, { env: { DATA_DIR: source } })).code).toBe(0)
    // A second backup into the same folder is refused, not mixed.
    const again = await runBin(['backup', dest], undefined, { env: { DATA_DIR: source } })
    expect(again).toMatchObject({ code: 1, stdout: '' })
    expect(again.stderr).toMatch(/^rolling-text backup: .* is not empty: back up into a new or empty folder\n$/)

    const target = scratch()
    const other = openStorage(target)
    await other.negotiations.create({ id: 'n-other00001', title: 'Other', createdAt: new Date().toISOString() })
    await other.close()
    const refused = await runBin(['restore', dest], undefined, { env: { DATA_DIR: target } })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/has a database already: stop the server and restore with --replace/)
    const replaced = await runBin(['restore', dest, '--replace'], undefined, { env: { DATA_DIR: target } })
    expect(replaced).toMatchObject({ code: 0, stderr: '' })
    const keptAs = /kept as (\S+)\./.exec(replaced.stdout)?.[1] ?? ''
    expect(existsSync(keptAs)).toBe(true)
    const now = openStorage(target)
    expect((await now.negotiations.list()).map((n) => n.title)).toEqual(['Backed up'])
    await now.close()
    const kept = new Database(keptAs, { readonly: true })
    expect(kept.prepare('SELECT title FROM negotiations').pluck().all()).toEqual(['Other'])
    kept.close()
    expect(
      (await runBin(['restore', join(scratch(), 'nothing')], undefined, { env: { DATA_DIR: target } })).stderr,
    ).toMatch(/holds no rolling-text.sqlite: not a rolling-text backup/)
  })
})

describe('a long reader (a backup, a slow query)', () => {
  it('never holds up edits while the write-ahead log passes its restart size', async () => {
    const dir = scratch()
    const file = join(dir, 'rolling-text.sqlite')
    const results: CheckpointResult[] = []
    const checkpoints = new Wakeups()
    const storage = openSqliteStorage(file, {
      checkpointEveryMs: 5,
      checkpointRestartFrames: 20,
      onCheckpoint: (r) => {
        results.push(r)
        checkpoints.notify()
      },
    })
    const author = { role: 'editor' as const, state: null, name: 'E', tokenId: null }
    const append = (i: number) =>
      storage.documents.append('n', { update: new Uint8Array(4000).fill(i), author, at: 't', clauses: [] })
    await append(0)
    // Another connection holds one snapshot open, as a backup copying a
    // large database for half a minute does.
    const reader = new Database(file, { readonly: true })
    reader.exec('BEGIN')
    reader.prepare('SELECT count(*) FROM updates').get()
    const slowest: number[] = []
    try {
      // Write until the checkpointer has tried (and failed) to restart the
      // log several times behind the reader; each of those attempts used
      // to hold the writer lock for up to 5 s.
      for (let i = 1; results.filter((r) => r.walFrames >= 20 && !r.restarted).length < 5; i++) {
        const started = performance.now()
        await append(i % 250)
        slowest.push(performance.now() - started)
      }
    } finally {
      reader.exec('COMMIT')
      reader.close()
    }
    // A bound that a stalled writer (≥ 5 s) cannot meet, far above any commit.
    expect(Math.max(...slowest)).toBeLessThan(1000)
    // Once the reader is gone the log restarts again.
    for (let i = 0; i < 30; i++) await append(i)
    await until(() => results.some((r) => r.restarted), checkpoints.subscribe, 'a restart after the reader left')
    await storage.close()
  })
})
