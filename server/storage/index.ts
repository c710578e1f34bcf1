import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { openSqliteStorage, type Durability } from './sqlite'
import type { Storage } from './types'

/** The storage interface every backend implements. */
export type { Storage } from './types'

/** The database file inside a data directory. */
export const databaseFile = (dataDir: string) => join(dataDir, 'rolling-text.sqlite')

/** Opens the store for a data directory (creating the directory), or an
 *  in-memory store for `:memory:`. The one place that picks a backend, so a
 *  PostgreSQL adapter slots in here. */
export function openStorage(dataDir: string, durability: Durability = 'normal'): Storage {
  if (dataDir === ':memory:') return openSqliteStorage(':memory:', { durability })
  mkdirSync(dataDir, { recursive: true })
  return openSqliteStorage(databaseFile(dataDir), { durability })
}
