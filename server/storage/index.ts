import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { openSqliteStorage, type Durability } from './sqlite'
import type { PostgresStorage } from './postgres'
import type { Storage } from './types'

/** The storage interface every backend implements. */
export type { Storage } from './types'

/** The database file inside a data directory. */
export const databaseFile = (dataDir: string) => join(dataDir, 'rolling-text.sqlite')

/** Opens the SQLite store for a data directory (creating the directory), or
 *  an in-memory store for `:memory:`. */
export function openStorage(dataDir: string, durability: Durability = 'normal'): Storage {
  if (dataDir === ':memory:') return openSqliteStorage(':memory:', { durability })
  mkdirSync(dataDir, { recursive: true })
  return openSqliteStorage(databaseFile(dataDir), { durability })
}

/** The store a server or the CLI runs on: PostgreSQL when `databaseUrl` is
 *  set (then also returned as `postgres`, for what processes share through
 *  it), SQLite in `dataDir` otherwise. The one place that picks a backend. */
export async function connectStorage(options: {
  dataDir: string
  durability?: Durability
  databaseUrl?: string | null
}): Promise<{ storage: Storage; postgres: PostgresStorage | null }> {
  if (!options.databaseUrl) return { storage: openStorage(options.dataDir, options.durability), postgres: null }
  // pg loads only where a database URL asks for it.
  const { openPostgresStorage } = await import('./postgres')
  const postgres = await openPostgresStorage(options.databaseUrl)
  return { storage: postgres, postgres }
}
