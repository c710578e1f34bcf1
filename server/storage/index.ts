import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { openSqliteStorage, type Durability } from './sqlite'
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
 *  that picks a backend, so a PostgreSQL adapter slots in here. */
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
