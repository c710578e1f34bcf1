import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { openSqliteStorage, type Durability } from './sqlite'
import type { PostgresStorage } from './postgres'
import { StorageError, type Storage } from './types'

/** The storage interface every backend implements. */
export type { Storage } from './types'

/** The database file inside a data directory. */
export const databaseFile = (dataDir: string) => join(dataDir, 'rolling-text.sqlite')

/** How to open a data directory's store. */
export interface OpenOptions {
  /** Refuse (StorageError `missing`) instead of creating a database: the
   *  command line never starts an empty one with a secret of its own. */
  mustExist?: boolean
}

/** Opens the store for a data directory (creating the directory, readable
 *  by its owner only), or an in-memory store for `:memory:`. The one place
 *  that opens SQLite. */
export function openStorage(dataDir: string, durability: Durability = 'normal', options: OpenOptions = {}): Storage {
  if (dataDir === ':memory:') return openSqliteStorage(':memory:', { durability })
  const file = databaseFile(dataDir)
  if (options.mustExist && !existsSync(file))
    throw new StorageError(
      'missing',
      `no rolling-text database in ${dataDir}: set DATA_DIR to the server's data directory (start the server once to create one)`,
    )
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  return openSqliteStorage(file, { durability })
}

/** The store a server or the CLI runs on: PostgreSQL when `databaseUrl` is
 *  set (then also returned as `postgres`, for what processes share through
 *  it), SQLite in `dataDir` otherwise. The one place that picks a backend. */
export async function connectStorage(
  options: {
    dataDir: string
    durability?: Durability
    databaseUrl?: string | null
  } & OpenOptions,
): Promise<{ storage: Storage; postgres: PostgresStorage | null }> {
  if (!options.databaseUrl)
    return {
      storage: openStorage(options.dataDir, options.durability, options.mustExist ? { mustExist: true } : {}),
      postgres: null,
    }
  // pg loads only where a database URL asks for it.
  const { openPostgresStorage } = await import('./postgres')
  const postgres = await openPostgresStorage(options.databaseUrl)
  return { storage: postgres, postgres }
}
