import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { type Keyring, loadKeyring } from '../auth/tokens'
import { databaseFile } from './index'
import { migrate } from './postgres-schema'
import { type Table, tables } from './rows'
import { migrate as migrateSqlite, schemaVersion } from './sqlite'
import { StorageError } from './types'

/** What `rolling-text migrate` is asked to do. */
export interface MigrationRequest {
  /** The data directory whose SQLite database and secret.key are copied. */
  dataDir: string
  /** The PostgreSQL database they are copied into. */
  url: string
  /** Empty a target that holds data first (otherwise it is refused). */
  replace?: boolean
  /** Rows per INSERT: 500 unless told. */
  batchRows?: number
}

/** What the copy did. */
export interface MigrationResult {
  /** Rows per table, as copied (or as found, when `already`). */
  rows: Record<Table, number>
  /** Signing keys copied (or found). */
  keys: number
  /** The Yjs documents in the log (text and meta rooms), for `verifyCopy`. */
  documents: string[]
  /** Every invitation's id (those to every negotiation too), for `verifyCopy`. */
  invitations: string[]
  /** The target held this data already: nothing was written. */
  already: boolean
  /** The target held other data, which the copy replaced. */
  replaced: boolean
}

// The tables with an insertion order of their own in PostgreSQL (SQLite's rowid).
const ordered: readonly Table[] = ['readings', 'positions', 'proposals', 'invitations', 'position_versions']
const tableNames = Object.keys(tables) as Table[]
// A batch of large rows (snapshots, readings) goes in before it reaches this.
const batchBytes = 8 << 20

type Row = Record<string, unknown> & { _rowid: number }

/** Copies a data directory's database and signing keys into PostgreSQL, in
 *  one transaction: on any failure the target is left as it was. A target
 *  that holds data is refused unless `replace`, or recognised as this very
 *  copy (same rows in every table): then nothing is written, so running the
 *  command again is safe. Reads one snapshot of SQLite: a server writing
 *  meanwhile would be missed, which `verifyMigration` then reports. */
export async function migrateToPostgres(request: MigrationRequest): Promise<MigrationResult> {
  const source = openSource(request.dataDir)
  const pool = new pg.Pool({ connectionString: request.url, max: 1 })
  pool.on('error', () => undefined)
  try {
    await migrate(pool).catch((e: unknown) => {
      throw e instanceof StorageError ? e : new StorageError('io', `cannot use the database: ${(e as Error).message}`)
    })
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      // Writers (a server started too early) wait; readers do not.
      await client.query(`LOCK TABLE ${[...tableNames, 'signing_keys', 'settings'].join(', ')} IN EXCLUSIVE MODE`)
      const result = await copy(source, client, request)
      await client.query(result.already ? 'ROLLBACK' : 'COMMIT')
      return result
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw e instanceof StorageError
        ? e
        : new StorageError('io', `the copy failed and nothing was written: ${(e as Error).message}`)
    } finally {
      client.release()
    }
  } finally {
    source.close()
    await pool.end()
  }
}

/** The source database, inside one read transaction (one snapshot). */
function openSource(dataDir: string): Database.Database {
  const file = databaseFile(dataDir)
  if (!existsSync(file))
    throw new StorageError(
      'missing',
      `no rolling-text database in ${dataDir}: set DATA_DIR (or --from) to the data directory to migrate`,
    )
  // Not read-only: a read-only connection cannot open a WAL database whose server is stopped. It writes
  // nothing but the schema steps an older rolling-text's database lacks (as starting the server would).
  const db = new Database(file, { fileMustExist: true })
  const found = db.pragma('user_version', { simple: true }) as number
  if (found > 0 && found < schemaVersion) migrateSqlite(db)
  const version = db.pragma('user_version', { simple: true }) as number
  if (version !== schemaVersion) {
    db.close()
    throw new StorageError(
      version > schemaVersion ? 'newer-schema' : 'missing',
      version > schemaVersion
        ? `${file} was written by a newer rolling-text (schema version ${version}): upgrade rolling-text first`
        : `${file} holds no rolling-text data (schema version ${version})`,
    )
  }
  db.exec('BEGIN')
  db.prepare('SELECT count(*) FROM negotiations').get()
  return db
}

async function copy(source: Database.Database, client: pg.PoolClient, request: MigrationRequest) {
  const expected = countRows(source)
  const found = await targetRows(client)
  const keyring = existsSync(join(request.dataDir, 'secret.key')) ? loadKeyring(request.dataDir) : null
  const keys = keyring?.keys.size ?? 0
  const documents = (
    source.prepare('SELECT doc FROM updates UNION SELECT doc FROM snapshots ORDER BY doc').all() as { doc: string }[]
  ).map((r) => r.doc)
  const invitations = (source.prepare('SELECT id FROM invitations ORDER BY rowid').all() as { id: string }[]).map(
    (r) => r.id,
  )
  const holdsData = tableNames.some((t) => found[t] > 0)
  if (holdsData && tableNames.every((t) => found[t] === expected[t]) && (await sameKeys(client, keyring)))
    return { rows: found, keys, documents, invitations, already: true, replaced: false }
  if (holdsData && !request.replace)
    throw new StorageError(
      'conflict',
      `the target database holds data already (${describe(found)}): migrate into an empty database, or pass --replace to replace it`,
    )
  if (holdsData || (await client.query('SELECT 1 FROM signing_keys')).rowCount)
    await client.query(`TRUNCATE ${[...tableNames, 'signing_keys'].join(', ')} RESTART IDENTITY`)
  const rows = {} as Record<Table, number>
  for (const table of tableNames) rows[table] = await copyTable(source, client, table, request.batchRows ?? 500)
  for (const [table, column] of [['updates', 'seq'], ...ordered.map((t) => [t, 'ord'])] as const) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence('${table}', '${column}'), coalesce(max(${column}), 1), max(${column}) IS NOT NULL) FROM ${table}`,
    )
  }
  if (keyring) await copyKeys(client, keyring)
  const written = await targetRows(client)
  const short = tableNames.filter((t) => written[t] !== expected[t])
  if (short.length)
    throw new StorageError(
      'io',
      `the copy holds ${describe(written)} where DATA_DIR holds ${describe(expected)}: nothing was written`,
    )
  return { rows, keys, documents, invitations, already: false, replaced: holdsData }
}

/** Every row of one table, in rowid order, in batches of multi-row INSERTs. */
async function copyTable(source: Database.Database, client: pg.PoolClient, table: Table, batchRows: number) {
  const columns = [
    ...tables[table],
    ...(table === 'updates' ? ['uid'] : []),
    ...(ordered.includes(table) ? ['ord'] : []),
  ]
  const page = source.prepare(
    `SELECT rowid AS _rowid, ${tables[table].join(', ')} FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`,
  )
  let copied = 0
  for (let after = 0; ; ) {
    const rows = page.all(after, batchRows) as Row[]
    if (!rows.length) return copied
    let start = 0
    while (start < rows.length) {
      let end = start
      for (let bytes = 0; end < rows.length && (end === start || bytes < batchBytes); end++)
        bytes += rowBytes(rows[end])
      await insertRows(client, table, columns, rows.slice(start, end))
      start = end
    }
    copied += rows.length
    after = rows.at(-1)?._rowid ?? after
  }
}

async function insertRows(client: pg.PoolClient, table: Table, columns: string[], rows: Row[]): Promise<void> {
  const values: unknown[] = []
  const tuples = rows.map((row) => {
    const marks = columns.map((column) => {
      values.push(columnValue(row, column))
      return `$${values.length}`
    })
    return `(${marks.join(', ')})`
  })
  await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values)
}

// The idempotency key of a copied update names its origin; appends made
// afterwards get random ones.
const columnValue = (row: Row, column: string): unknown =>
  column === 'uid' ? `sqlite:${row._rowid}` : column === 'ord' ? row._rowid : row[column]

const rowBytes = (row: Row) =>
  Object.values(row).reduce<number>(
    (n, v) => n + (Buffer.isBuffer(v) ? v.length : typeof v === 'string' ? v.length : 8),
    0,
  )

/** Key 0 is the shared secret every PostgreSQL process reads; rotated keys follow in order, the last signing. */
async function copyKeys(client: pg.PoolClient, keyring: Keyring): Promise<void> {
  const zero = keyring.keys.get('0')
  if (zero)
    await client.query(
      `INSERT INTO settings (name, value) VALUES ('secret', $1) ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
      [zero],
    )
  else await client.query(`DELETE FROM settings WHERE name = 'secret'`)
  const rest = [...keyring.keys].filter(([kid]) => kid !== '0')
  // The signing key goes last, whatever its place in the file.
  rest.sort(([a], [b]) => Number(a === keyring.current) - Number(b === keyring.current))
  for (const [kid, key] of rest) await client.query('INSERT INTO signing_keys (kid, key) VALUES ($1, $2)', [kid, key])
}

async function sameKeys(client: pg.PoolClient, keyring: Keyring | null): Promise<boolean> {
  if (!keyring) return true
  const zero = (await client.query<{ value: Buffer }>(`SELECT value FROM settings WHERE name = 'secret'`)).rows[0]
  const rest = (await client.query<{ kid: string; key: Buffer }>('SELECT kid, key FROM signing_keys')).rows
  const there = new Map<string, Buffer>(rest.map((r) => [r.kid, r.key]))
  if (zero) there.set('0', zero.value)
  // A target that never had rotated keys holds a key 0 of its own only if it made one.
  return (
    [...keyring.keys].every(([kid, key]) => there.get(kid)?.equals(key)) &&
    [...there.keys()].every((kid) => keyring.keys.has(kid))
  )
}

/** Rows per table in the source's snapshot. */
export function countRows(source: Database.Database): Record<Table, number> {
  const counts = {} as Record<Table, number>
  for (const t of tableNames) counts[t] = (source.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n
  return counts
}

async function targetRows(client: pg.PoolClient): Promise<Record<Table, number>> {
  const counts = {} as Record<Table, number>
  for (const t of tableNames)
    counts[t] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)).rows[0]?.n ?? 0)
  return counts
}

/** `3 negotiations, 120 updates, …`: the tables that hold rows. */
export const describe = (rows: Record<Table, number>) =>
  tableNames
    .filter((t) => rows[t] > 0)
    .map((t) => `${rows[t]} ${t.replace('_', ' ').slice(0, rows[t] === 1 ? -1 : undefined)}`)
    .join(', ') || 'nothing'
