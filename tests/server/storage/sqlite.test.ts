import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { openStorage } from '../../../server/storage'
import { openSqliteStorage } from '../../../server/storage/sqlite'
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
