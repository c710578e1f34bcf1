import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { databaseFile } from './index'
import { schemaVersion } from './sqlite'
import { StorageError } from './types'

/** The files of a backup folder: the database and the signing secret. */
const secretName = 'secret.key'
const databaseName = 'rolling-text.sqlite'

/** What a backup or a restore copied. */
export interface BackupResult {
  /** The folder written. */
  dir: string
  /** Pages of the database copied. */
  pages: number
  bytes: number
}

/** Backs a data directory up into `dest` (a new or empty folder): the
 *  database through SQLite's online backup API, and the token-signing
 *  secret, both readable by the owner only. A server may run meanwhile: the
 *  copy is one consistent snapshot, taken in one step, so writes from the
 *  server cannot make it start over; under WAL the server's writers never
 *  wait for this reader (see checkpointer.ts). */
export async function backupDataDir(dataDir: string, dest: string): Promise<BackupResult> {
  const source = databaseFile(dataDir)
  if (!existsSync(source)) throw new StorageError('missing', `no rolling-text database in ${dataDir}`)
  if (existsSync(dest) && readdirSync(dest).length > 0)
    throw new StorageError('conflict', `${dest} is not empty: back up into a new or empty folder`)
  mkdirSync(dest, { recursive: true, mode: 0o700 })
  const partial = join(dest, `${databaseName}.partial`)
  rmSync(partial, { force: true })
  // Not read-only: a read-only connection cannot open a WAL database whose
  // server is stopped. It writes nothing.
  const db = new Database(source, { fileMustExist: true })
  try {
    // Every page in one step: one read transaction, one snapshot.
    const progress = await db.backup(partial, { progress: () => 0x7fffffff })
    chmodSync(partial, 0o600)
    renameSync(partial, join(dest, databaseName))
    if (existsSync(join(dataDir, secretName))) {
      copyFileSync(join(dataDir, secretName), join(dest, secretName))
      chmodSync(join(dest, secretName), 0o600)
    }
    const pageSize = db.pragma('page_size', { simple: true }) as number
    return { dir: dest, pages: progress.totalPages, bytes: progress.totalPages * pageSize }
  } finally {
    db.close()
  }
}

/** Restores a backup folder made by `backupDataDir` into `dataDir`, with the
 *  server stopped. The backup is checked first (integrity, a schema this
 *  version reads). A database already in `dataDir` is refused unless
 *  `replace`, and then kept beside it as `rolling-text.sqlite.before-restore-TIME`. */
export async function restoreDataDir(
  src: string,
  dataDir: string,
  options: { replace?: boolean } = {},
): Promise<BackupResult & { keptAs: string | null }> {
  const source = join(src, databaseName)
  if (!existsSync(source))
    throw new StorageError('missing', `${src} holds no ${databaseName}: not a rolling-text backup`)
  const target = databaseFile(dataDir)
  if (existsSync(target) && !options.replace)
    throw new StorageError(
      'conflict',
      `${dataDir} has a database already: stop the server and restore with --replace (the current one is kept beside it)`,
    )
  const backup = new Database(source, { readonly: true, fileMustExist: true })
  try {
    const check = backup.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new StorageError('io', `${source} is damaged (${String(check)}): pick another backup`)
    const version = backup.pragma('user_version', { simple: true }) as number
    if (version > schemaVersion)
      throw new StorageError(
        'newer-schema',
        `${source} was written by a newer rolling-text (schema version ${version}): upgrade rolling-text first`,
      )
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    const partial = `${target}.partial`
    rmSync(partial, { force: true })
    const progress = await backup.backup(partial, { progress: () => 0x7fffffff })
    chmodSync(partial, 0o600)
    let keptAs: string | null = null
    if (existsSync(target)) {
      keptAs = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`
      renameSync(target, keptAs)
      // Its log goes with it (it may hold commits not yet in the file), so
      // that it is neither lost nor replayed onto the restored database.
      if (existsSync(`${target}-wal`)) renameSync(`${target}-wal`, `${keptAs}-wal`)
    }
    rmSync(`${target}-shm`, { force: true })
    renameSync(partial, target)
    if (existsSync(join(src, secretName))) {
      copyFileSync(join(src, secretName), join(dataDir, secretName))
      chmodSync(join(dataDir, secretName), 0o600)
    }
    const pageSize = backup.pragma('page_size', { simple: true }) as number
    return { dir: dataDir, pages: progress.totalPages, bytes: progress.totalPages * pageSize, keptAs }
  } finally {
    backup.close()
  }
}
