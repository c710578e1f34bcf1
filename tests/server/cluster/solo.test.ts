import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../../../server/app'
import { ClusterError } from '../../../server/cluster/solo'
import { silentLog } from '../../../server/log'
import { runCli } from '../../harness/cli'
import { freshDatabase } from '../../harness/cluster'
import { freePort, serviceUrl } from '../../harness/services'

const databaseUrl = serviceUrl('TEST_DATABASE_URL')
const redisUrl = serviceUrl('TEST_REDIS_URL')

describe.skipIf(!databaseUrl || !redisUrl)('PostgreSQL without Redis', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-solo-'))
  const running: RunningServer[] = []
  afterAll(async () => {
    for (const s of running) await s.close()
    rmSync(dataDir, { recursive: true, force: true })
  })
  const start = (db: string, redis: string | null = null) =>
    startServer({
      dataDir,
      port: 0,
      log: silentLog,
      databaseUrl: db,
      redisUrl: redis,
      cluster: { connectTimeoutMs: 500 },
    })

  it('serves the database from one process only: a second one, or a cluster process, is refused', async () => {
    const db = await freshDatabase(databaseUrl ?? '', 'solo')
    running.push(await start(db))
    await expect(start(db)).rejects.toThrow(ClusterError)
    await expect(start(db)).rejects.toThrow(/without REDIS_URL/)
    await expect(start(db, redisUrl)).rejects.toThrow(/give it the same REDIS_URL/)
    // Once it stops, another may start.
    await running.pop()?.close()
    running.push(await start(db))
  })

  it('refuses to start when Redis cannot be reached', async () => {
    const db = await freshDatabase(databaseUrl ?? '', 'noredis')
    const nobody = `redis://127.0.0.1:${await freePort()}`
    await expect(start(db, nobody)).rejects.toThrow(/cannot reach Redis/)
  })

  it('points the command line backup to pg_dump when the data is in PostgreSQL', async () => {
    const saved = process.env.DATABASE_URL
    process.env.DATABASE_URL = databaseUrl ?? ''
    try {
      const run = await runCli(['backup', join(dataDir, 'backup')])
      expect(run.code).not.toBe(0)
      expect(run.stderr).toMatch(/data is in PostgreSQL; use pg_dump/)
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL
      else process.env.DATABASE_URL = saved
    }
  })
})
