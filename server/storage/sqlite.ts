import { closeSync, openSync } from 'node:fs'
import Database from 'better-sqlite3'
import type { Position, Proposal } from '../../shared/positions/position'
import {
  clauseHistorySql,
  type HistoryRow,
  historyEntry,
  insertSql,
  invitationColumns,
  invitationValues,
  negotiationColumns,
  type ReadingRow,
  readingOf,
  readingSummary,
  readingSummaryColumns,
  readingValues,
  recordValues,
  positionVersionValues,
  standingPositions,
} from './rows'
import type {
  ClauseHistoryEntry,
  DocumentStore,
  Invitation,
  Negotiation,
  NegotiationStore,
  PositionStore,
  ProposalStore,
  Reading,
  ReadingStore,
  Storage,
  StoredDocument,
  TokenStore,
  UpdateEntry,
} from './types'
import { StorageError } from './types'
import { WalCheckpointer, type CheckpointResult } from './checkpointer'

/** How hard SQLite works to keep a commit. `normal` (WAL, synchronous=NORMAL)
 *  keeps every commit across a crash or kill of the server process; `full`
 *  also across a power failure, at the price of an fsync per commit batch. */
export type Durability = 'normal' | 'full'

/** Options of the SQLite backend. */
export interface SqliteOptions {
  durability?: Durability
  /** How often the write-ahead log is checkpointed, on a worker thread;
   *  1000 ms unless told. */
  checkpointEveryMs?: number
  /** A log this long (in pages) is restarted even while writes go on:
   *  4096 (16 MiB) unless told. */
  checkpointRestartFrames?: number
  /** Told after each checkpoint (tests, diagnostics). */
  onCheckpoint?: (result: CheckpointResult) => void
}

/** The schema version this code reads and writes (SQLite's user_version). */
export const schemaVersion = 5

// Version 1 of the schema. Later versions add steps keyed by user_version.
const schemaV1 = `
CREATE TABLE negotiations (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, data BLOB NOT NULL, at TEXT NOT NULL,
  author_role TEXT NOT NULL, author_state TEXT, author_name TEXT NOT NULL, token_id TEXT);
CREATE INDEX updates_doc ON updates(doc, seq);
CREATE TABLE clause_changes (seq INTEGER NOT NULL, doc TEXT NOT NULL, clause_id TEXT NOT NULL, kind TEXT NOT NULL);
CREATE INDEX clause_changes_clause ON clause_changes(doc, clause_id, seq);
CREATE TABLE snapshots (doc TEXT PRIMARY KEY, state BLOB NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL);
CREATE TABLE readings (
  id TEXT PRIMARY KEY, negotiation_id TEXT NOT NULL, name TEXT NOT NULL, date TEXT NOT NULL,
  created_at TEXT NOT NULL, created_by TEXT NOT NULL, brackets TEXT NOT NULL, doc TEXT NOT NULL, state BLOB NOT NULL);
CREATE INDEX readings_negotiation ON readings(negotiation_id, created_at);
CREATE TABLE positions (id TEXT PRIMARY KEY, negotiation_id TEXT NOT NULL, data TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX positions_negotiation ON positions(negotiation_id, created_at);
CREATE TABLE proposals (id TEXT PRIMARY KEY, negotiation_id TEXT NOT NULL, data TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX proposals_negotiation ON proposals(negotiation_id, created_at);
CREATE TABLE invitations (
  id TEXT PRIMARY KEY, role TEXT NOT NULL, state TEXT, negotiation_id TEXT, name TEXT NOT NULL,
  created_at TEXT NOT NULL, created_by TEXT NOT NULL, revoked_at TEXT);
`

/** The steps from each version to the next: `steps[v - 1]` brings version v to v + 1. */
const steps = [
  // 2: a clause change keeps the clause's text after it, for word-level histories.
  'ALTER TABLE clause_changes ADD COLUMN text TEXT;',
  // 3: a reading has a note, and may be renamed.
  "ALTER TABLE readings ADD COLUMN note TEXT NOT NULL DEFAULT '';",
  // 4: browser sessions signed out of, until they would have expired.
  'CREATE TABLE ended_sessions (id TEXT PRIMARY KEY, expires_at TEXT NOT NULL);',
  // 5: every version of every position, for the matrix as of a reading; the
  // positions standing so far become their first versions.
  `CREATE TABLE position_versions (id TEXT NOT NULL, negotiation_id TEXT NOT NULL, data TEXT, at TEXT NOT NULL);
   CREATE INDEX position_versions_negotiation ON position_versions(negotiation_id, at);
   INSERT INTO position_versions (id, negotiation_id, data, at)
     SELECT id, negotiation_id, data, COALESCE(json_extract(data, '$.updatedAt'), created_at) FROM positions ORDER BY rowid;`,
]

/** Brings a database to `schemaVersion` (creating the tables in an empty one), one step per transaction;
 *  refuses one written by a newer rolling-text. */
export function migrate(db: Database.Database): void {
  let version = db.pragma('user_version', { simple: true }) as number
  if (version > schemaVersion) {
    throw new StorageError(
      'newer-schema',
      `${db.name} was written by a newer rolling-text (schema version ${version}, this one reads ${schemaVersion}): upgrade rolling-text, or restore a backup made by this version`,
    )
  }
  if (version === 0) {
    db.transaction(() => {
      db.exec(schemaV1)
      db.pragma('user_version = 1')
    })()
    version = 1
  }
  for (; version < schemaVersion; version++) {
    const next = version + 1
    db.transaction(() => {
      db.exec(steps[version - 1] ?? '')
      db.pragma(`user_version = ${next}`)
    })()
  }
}

/** Opens (creating if needed) a SQLite store at `file`, or in memory for
 *  `:memory:`. */
export function openSqliteStorage(file: string, options: SqliteOptions = {}): Storage {
  // SQLite gives its -wal and -shm files the mode of the database file:
  // creating it first, readable by the owner only, covers all three.
  if (file !== ':memory:') closeSync(openSync(file, 'a', 0o600))
  const db = new Database(file)
  if (file !== ':memory:') db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`)
  // The CLI may write invitations while the server runs: wait for its lock.
  db.pragma('busy_timeout = 5000')
  // A restarted log shrinks back to this size.
  db.pragma('journal_size_limit = 16777216')
  try {
    migrate(db)
  } catch (e) {
    db.close()
    throw e
  }
  const checkpointer =
    file === ':memory:'
      ? null
      : new WalCheckpointer(
          db,
          file,
          options.checkpointRestartFrames ?? 4096,
          options.checkpointEveryMs ?? 1000,
          options.onCheckpoint,
        )
  const documents = new SqliteDocuments(db)
  let closed = false
  return {
    negotiations: negotiationStore(db),
    documents,
    readings: readingStore(db),
    positions: positionStore(db),
    proposals: jsonStore<Proposal>(db, 'proposals') satisfies ProposalStore,
    tokens: tokenStore(db),
    async close() {
      if (closed) return
      closed = true
      await documents.flush()
      await checkpointer?.stop()
      db.close()
    },
  }
}

function negotiationStore(db: Database.Database): NegotiationStore {
  const insert = db.prepare(insertSql('negotiations', 'sqlite'))
  const get = db.prepare(`SELECT ${negotiationColumns} FROM negotiations WHERE id = ?`)
  const list = db.prepare(`SELECT ${negotiationColumns} FROM negotiations ORDER BY created_at, id`)
  return {
    async create(n) {
      try {
        insert.run(n.id, n.title, n.createdAt)
      } catch (e) {
        throw conflictOr(e, `a negotiation with id '${n.id}' exists already`)
      }
    },
    async get(id) {
      return (get.get(id) as Negotiation | undefined) ?? null
    },
    async list() {
      return list.all() as Negotiation[]
    },
  }
}

function conflictOr(e: unknown, message: string): unknown {
  return (e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') ? new StorageError('conflict', message) : e
}

interface Pending {
  docName: string
  entry: UpdateEntry
  resolve(seq: number): void
  reject(e: unknown): void
}

/** The update log. Appends are batched: every append made in the same turn of
 *  the event loop goes into one transaction (one fsync under `full`), and each
 *  caller's promise resolves only after that transaction committed. */
class SqliteDocuments implements DocumentStore {
  private queue: Pending[] = []
  private scheduled: Promise<void> | null = null
  private readonly insertUpdate
  private readonly insertTouch
  private readonly commit

  constructor(private readonly db: Database.Database) {
    this.insertUpdate = db.prepare(insertSql('updates', 'sqlite', ['seq']))
    this.insertTouch = db.prepare(insertSql('clause_changes', 'sqlite'))
    this.commit = db.transaction((batch: Pending[]) => batch.map((p) => this.write(p.docName, p.entry)))
  }

  private write(docName: string, { update, author, at, clauses }: UpdateEntry): number {
    const seq = Number(
      this.insertUpdate.run(docName, update, at, author.role, author.state, author.name, author.tokenId)
        .lastInsertRowid,
    )
    for (const c of clauses) this.insertTouch.run(seq, docName, c.clauseId, c.kind, c.text ?? null)
    return seq
  }

  append(docName: string, entry: UpdateEntry): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ docName, entry, resolve, reject })
      this.scheduled ??= new Promise((done) =>
        setImmediate(() => {
          this.flushNow()
          done()
        }),
      )
    })
  }

  /** Writes whatever is queued; resolves when the queue is empty. */
  async flush(): Promise<void> {
    await this.scheduled
  }

  private flushNow(): void {
    const batch = this.queue
    this.queue = []
    this.scheduled = null
    let seqs: number[]
    try {
      seqs = this.commit(batch) as number[]
    } catch (e) {
      for (const p of batch) p.reject(new StorageError('io', `could not store an update: ${(e as Error).message}`))
      return
    }
    for (const [i, p] of batch.entries()) p.resolve(seqs[i])
  }

  async load(docName: string): Promise<StoredDocument> {
    await this.flush()
    const snap = this.db.prepare('SELECT state, seq FROM snapshots WHERE doc = ?').get(docName) as
      | { state: Buffer; seq: number }
      | undefined
    const snapshotSeq = snap?.seq ?? 0
    const rows = this.db
      .prepare('SELECT seq, data FROM updates WHERE doc = ? AND seq > ? ORDER BY seq')
      .all(docName, snapshotSeq) as { seq: number; data: Buffer }[]
    return {
      snapshot: snap ? new Uint8Array(snap.state) : null,
      snapshotSeq,
      // A folded row's data lives in the row it was folded into.
      updates: rows.filter((r) => r.data.length > 0).map((r) => ({ seq: r.seq, update: new Uint8Array(r.data) })),
      bytes: this.bytes(docName),
    }
  }

  private bytes(docName: string): number {
    const row = this.db
      .prepare(`SELECT coalesce((SELECT sum(length(data)) FROM updates WHERE doc = ?), 0)
        + coalesce((SELECT length(state) FROM snapshots WHERE doc = ?), 0) AS n`)
      .get(docName, docName) as { n: number }
    return row.n
  }

  async foldLog(docName: string, afterSeq: number, throughSeq: number, update: Uint8Array): Promise<number> {
    await this.flush()
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE updates SET data = x'' WHERE doc = ? AND seq > ? AND seq < ?")
        .run(docName, afterSeq, throughSeq)
      this.db.prepare('UPDATE updates SET data = ? WHERE doc = ? AND seq = ?').run(update, docName, throughSeq)
    })()
    return this.bytes(docName)
  }

  async saveSnapshot(docName: string, state: Uint8Array, seq: number): Promise<void> {
    // A snapshot never moves backwards: a slow compaction must not replace a newer one.
    this.db
      .prepare(`INSERT INTO snapshots (doc, state, seq, at) VALUES (?, ?, ?, ?)
      ON CONFLICT(doc) DO UPDATE SET state = excluded.state, seq = excluded.seq, at = excluded.at WHERE excluded.seq >= snapshots.seq`)
      .run(docName, state, seq, new Date().toISOString())
  }

  async countSince(docName: string, seq: number): Promise<number> {
    await this.flush()
    return (
      this.db.prepare('SELECT count(*) AS n FROM updates WHERE doc = ? AND seq > ?').get(docName, seq) as { n: number }
    ).n
  }

  async clauseHistory(docName: string, clauseId: string): Promise<ClauseHistoryEntry[]> {
    await this.flush()
    const rows = this.db.prepare(clauseHistorySql('sqlite')).all(docName, clauseId) as HistoryRow[]
    return rows.map(historyEntry)
  }
}

function readingStore(db: Database.Database): ReadingStore {
  const insert = db.prepare(insertSql('readings', 'sqlite'))
  return {
    async create(r: Reading) {
      try {
        insert.run(...readingValues(r))
      } catch (e) {
        throw conflictOr(e, `a reading with id '${r.id}' exists already; readings are immutable`)
      }
    },
    async list(negotiationId) {
      const rows = db
        .prepare(`SELECT ${readingSummaryColumns} FROM readings WHERE negotiation_id = ? ORDER BY created_at, rowid`)
        .all(negotiationId) as ReadingRow[]
      return rows.map(readingSummary)
    },
    async get(negotiationId, id) {
      const r = db.prepare('SELECT * FROM readings WHERE negotiation_id = ? AND id = ?').get(negotiationId, id) as
        | ReadingRow
        | undefined
      return r ? readingOf(r, negotiationId) : null
    },
    async relabel(negotiationId, id, { name, note }) {
      const done = db
        .prepare('UPDATE readings SET name = ?, note = ? WHERE negotiation_id = ? AND id = ?')
        .run(name, note, negotiationId, id)
      return done.changes > 0
    },
  }
}

/** Positions and proposals: JSON records by id within a negotiation. */
function jsonStore<T extends { id: string; negotiationId: string; createdAt: string }>(
  db: Database.Database,
  table: 'positions' | 'proposals',
) {
  const upsert = db.prepare(`${insertSql(table, 'sqlite')} ON CONFLICT(id) DO UPDATE SET data = excluded.data`)
  const get = db.prepare(`SELECT data FROM ${table} WHERE negotiation_id = ? AND id = ?`)
  const list = db.prepare(`SELECT data FROM ${table} WHERE negotiation_id = ? ORDER BY created_at, rowid`)
  const del = db.prepare(`DELETE FROM ${table} WHERE negotiation_id = ? AND id = ?`)
  return {
    async put(item: T) {
      upsert.run(...recordValues(item))
    },
    async get(negotiationId: string, id: string) {
      const row = get.get(negotiationId, id) as { data: string } | undefined
      return row ? (JSON.parse(row.data) as T) : null
    },
    async list(negotiationId: string) {
      return (list.all(negotiationId) as { data: string }[]).map((r) => JSON.parse(r.data) as T)
    },
    async delete(negotiationId: string, id: string) {
      return del.run(negotiationId, id).changes > 0
    },
  }
}

/** Positions, each put and delete also kept as a version (in one transaction). */
function positionStore(db: Database.Database): PositionStore {
  const records = jsonStore<Position>(db, 'positions')
  const upsert = db.prepare(`${insertSql('positions', 'sqlite')} ON CONFLICT(id) DO UPDATE SET data = excluded.data`)
  const remove = db.prepare('DELETE FROM positions WHERE negotiation_id = ? AND id = ?')
  const version = db.prepare(insertSql('position_versions', 'sqlite'))
  const upTo = db.prepare('SELECT id, data FROM position_versions WHERE negotiation_id = ? AND at <= ? ORDER BY rowid')
  const put = db.transaction((p: Position) => {
    upsert.run(...recordValues(p))
    version.run(...positionVersionValues(p.negotiationId, p.id, p, p.updatedAt))
  })
  const del = db.transaction((negotiationId: string, id: string) => {
    const existed = remove.run(negotiationId, id).changes > 0
    if (existed) version.run(...positionVersionValues(negotiationId, id, null, new Date().toISOString()))
    return existed
  })
  return {
    get: records.get,
    list: records.list,
    async put(p) {
      put(p)
    },
    async delete(negotiationId, id) {
      return del(negotiationId, id)
    },
    async listAsOf(negotiationId, at) {
      return standingPositions(upTo.all(negotiationId, at) as { id: string; data: string | null }[])
    },
  }
}

function tokenStore(db: Database.Database): TokenStore {
  const insert = db.prepare(insertSql('invitations', 'sqlite'))
  const get = db.prepare(`SELECT ${invitationColumns} FROM invitations WHERE id = ?`)
  const list = db.prepare(
    `SELECT ${invitationColumns} FROM invitations WHERE negotiation_id = ? ORDER BY created_at, rowid`,
  )
  const forgetExpired = db.prepare('DELETE FROM ended_sessions WHERE expires_at < ?')
  const endSession = db.prepare('INSERT INTO ended_sessions (id, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING')
  const ended = db.prepare('SELECT 1 FROM ended_sessions WHERE id = ?')
  return {
    async create(i: Invitation) {
      try {
        insert.run(...invitationValues(i))
      } catch (e) {
        throw conflictOr(e, `an invitation with id '${i.id}' exists already`)
      }
    },
    async get(id) {
      return (get.get(id) as Invitation | undefined) ?? null
    },
    async list(negotiationId) {
      return list.all(negotiationId) as Invitation[]
    },
    async revoke(id, at) {
      return (
        db.prepare('UPDATE invitations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id).changes > 0
      )
    },
    async endSession(id, expiresAt) {
      db.transaction(() => {
        forgetExpired.run(new Date().toISOString())
        endSession.run(id, expiresAt)
      })()
    },
    async sessionEnded(id) {
      return ended.get(id) !== undefined
    },
  }
}
