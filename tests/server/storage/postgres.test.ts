import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgresStorage, type PostgresStorage } from '../../../server/storage/postgres'
import { StorageError, type UpdateEntry } from '../../../server/storage/types'
import { serviceUrl } from '../../harness/services'
import { storageContract } from './contract'

const url = serviceUrl('TEST_DATABASE_URL')
const databases: string[] = []
let admin: pg.Client | null = null

/** A fresh, empty database on the test server for each test. */
async function freshDatabase(): Promise<string> {
  if (!url) throw new Error('no TEST_DATABASE_URL')
  if (!admin) {
    admin = new pg.Client({ connectionString: url })
    await admin.connect()
  }
  const name = `rt_contract_${process.pid}_${databases.length}`
  await admin.query(`DROP DATABASE IF EXISTS ${name}`)
  await admin.query(`CREATE DATABASE ${name}`)
  databases.push(name)
  const target = new URL(url)
  target.pathname = `/${name}`
  return target.toString()
}

afterAll(async () => {
  if (!admin) return
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.end()
})

const entry = (n: number): UpdateEntry => ({
  update: new Uint8Array([n]),
  author: { role: 'editor', state: null, name: 'E', tokenId: null },
  at: 't',
  clauses: [],
})

describe.skipIf(!url)('PostgreSQL', () => {
  let current = ''
  storageContract('PostgreSQL', {
    async open() {
      current = await freshDatabase()
      return openPostgresStorage(current)
    },
    reopen: () => openPostgresStorage(current),
  })

  describe('leases and fencing', () => {
    let a: PostgresStorage
    let b: PostgresStorage
    beforeAll(async () => {
      const db = await freshDatabase()
      a = await openPostgresStorage(db)
      b = await openPostgresStorage(db)
    })
    afterAll(async () => {
      await a.close()
      await b.close()
    })

    it('lets one owner hold a lease; a takeover after expiry bumps the token and fences the old owner out', async () => {
      const first = await a.leases.acquire('n', 'proc-a', 60_000)
      expect(first).toBe(1)
      expect(await b.leases.acquire('n', 'proc-b', 60_000)).toBeNull()
      expect(await a.leases.acquire('n', 'proc-a', 60_000)).toBe(1)
      a.fence('n', { key: 'n', owner: 'proc-a', token: 1 })
      const kept = await a.documents.append('n', entry(1))

      await a.leases.renew('n', 'proc-a', 1, 1)
      await expect.poll(async () => (await b.leases.get('n'))?.live, { interval: 5 }).toBe(false)
      const second = await b.leases.acquire('n', 'proc-b', 60_000)
      expect(second).toBe(2)
      b.fence('n', { key: 'n', owner: 'proc-b', token: 2 })
      expect(await a.leases.renew('n', 'proc-a', 1, 60_000)).toBe(false)

      const refused = a.documents.append('n', entry(2))
      await expect(refused).rejects.toBeInstanceOf(StorageError)
      await expect(refused).rejects.toMatchObject({ code: 'fenced' })
      const taken = await b.documents.append('n', entry(3))
      expect((await b.documents.load('n')).updates.map((u) => [u.seq, [...u.update]])).toEqual([
        [kept, [1]],
        [taken, [3]],
      ])
    })

    it('hands a released lease on at once', async () => {
      const token = await a.leases.acquire('m', 'proc-a', 60_000)
      expect(token).not.toBeNull()
      await a.leases.release('m', 'proc-a', token ?? 0)
      expect(await b.leases.acquire('m', 'proc-b', 60_000)).toBe((token ?? 0) + 1)
    })

    it('shares one signing secret between processes', async () => {
      expect((await a.secret()).equals(await b.secret())).toBe(true)
      expect((await a.secret()).length).toBe(32)
    })
  })
})
