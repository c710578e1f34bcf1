import pg from 'pg'
import type { Keyring } from '../auth/tokens'
import { keyringOf, retireKey, rotateKey, sharedSecret } from './postgres-keys'
import type { Position, Proposal } from '../../shared/positions/position'
import { type Fence, PostgresDocuments } from './postgres-documents'
import { migrate } from './postgres-schema'
import {
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
  standingPositions,
} from './rows'
import type {
  Invitation,
  Negotiation,
  NegotiationStore,
  PositionStore,
  ProposalStore,
  Reading,
  ReadingStore,
  Storage,
  TokenStore,
} from './types'
import { StorageError } from './types'

export type { Fence } from './postgres-documents'

/** Options of the PostgreSQL backend. */
export interface PostgresOptions {
  /** How long an append keeps retrying through a lost connection (a database
   *  restart) before it fails: 30 s unless told. */
  retryForMs?: number
  /** Connections in the pool: 10 unless told. */
  poolSize?: number
}

/** One negotiation's owner as the lease table has it. */
export interface LeaseHolder {
  owner: string
  token: number
  /** Whether the lease is still running by the database's clock. */
  live: boolean
}

/** Leases by key, timed by the database's clock so processes need not agree
 *  on theirs. The token grows with every change of owner (the fencing token). */
export interface LeaseStore {
  /** Takes the lease for `ttlMs` if it is free, expired or already ours:
   *  the token, or null when another process holds it. */
  acquire(key: string, owner: string, ttlMs: number): Promise<number | null>
  /** Extends our lease; false when it is no longer ours. */
  renew(key: string, owner: string, token: number, ttlMs: number): Promise<boolean>
  /** Lets the lease go at once, so another process need not wait for it to expire. */
  release(key: string, owner: string, token: number): Promise<void>
  get(key: string): Promise<LeaseHolder | null>
}

/** The PostgreSQL store: the `Storage` interface plus what a cluster of
 *  processes shares through it (leases, fencing, the signing secret). */
export interface PostgresStorage extends Storage {
  documents: PostgresDocuments
  leases: LeaseStore
  /** The token-signing secret every process shares (key 0), created on first use. */
  secret(): Promise<Buffer>
  /** Every key that verifies links, the last one signing: key 0 alone, unless
   *  `rolling-text migrate` brought rotated keys over from a data directory. */
  keyring(): Promise<Keyring>
  /** Adds a signing key, which signs new links from the next start on: its id. */
  rotateKey(): Promise<string>
  /** Removes a key that no longer signs (false: no such key); a TypeError for the one that signs. */
  retireKey(kid: string): Promise<boolean>
  /** Checks every later append to `docName` against `fence` (null: no check). */
  fence(docName: string, fence: Fence | null): void
}

/** Connects to `url`, brings the schema up to date and returns the store. */
export async function openPostgresStorage(url: string, options: PostgresOptions = {}): Promise<PostgresStorage> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 })
  // An idle connection dies when the database restarts; the pool replaces it.
  pool.on('error', () => undefined)
  try {
    await migrate(pool)
  } catch (e) {
    await pool.end()
    throw e instanceof StorageError ? e : new StorageError('io', `cannot use the database: ${(e as Error).message}`)
  }
  const documents = new PostgresDocuments(pool, options.retryForMs ?? 30_000)
  let closed: Promise<void> | null = null
  return {
    negotiations: negotiationStore(pool),
    documents,
    readings: readingStore(pool),
    positions: positionStore(pool),
    proposals: jsonStore<Proposal>(pool, 'proposals') satisfies ProposalStore,
    tokens: tokenStore(pool),
    leases: leaseStore(pool),
    fence: (docName, fence) => documents.fence(docName, fence),
    secret: () => sharedSecret(pool),
    keyring: () => keyringOf(pool),
    rotateKey: () => rotateKey(pool),
    retireKey: (kid) => retireKey(pool, kid),
    close: () =>
      (closed ??= (async () => {
        await documents.close()
        await pool.end()
      })()),
  }
}

// 23505: unique_violation.
function conflictOr(e: unknown, message: string): unknown {
  return (e as { code?: string }).code === '23505' ? new StorageError('conflict', message) : e
}

function negotiationStore(pool: pg.Pool): NegotiationStore {
  return {
    async create(n) {
      await pool.query(insertSql('negotiations', 'postgres'), [n.id, n.title, n.createdAt]).catch((e) => {
        throw conflictOr(e, `a negotiation with id '${n.id}' exists already`)
      })
    },
    async get(id) {
      return (
        (await pool.query<Negotiation>(`SELECT ${negotiationColumns} FROM negotiations WHERE id = $1`, [id])).rows[0] ??
        null
      )
    },
    async list() {
      return (await pool.query<Negotiation>(`SELECT ${negotiationColumns} FROM negotiations ORDER BY created_at, id`))
        .rows
    },
  }
}

function readingStore(pool: pg.Pool): ReadingStore {
  return {
    async create(r: Reading) {
      await pool.query(insertSql('readings', 'postgres'), readingValues(r)).catch((e) => {
        throw conflictOr(e, `a reading with id '${r.id}' exists already; readings are immutable`)
      })
    },
    async list(negotiationId) {
      const rows = await pool.query<ReadingRow>(
        `SELECT ${readingSummaryColumns} FROM readings WHERE negotiation_id = $1 ORDER BY created_at, ord`,
        [negotiationId],
      )
      return rows.rows.map(readingSummary)
    },
    async get(negotiationId, id) {
      const r = (
        await pool.query<ReadingRow>('SELECT * FROM readings WHERE negotiation_id = $1 AND id = $2', [
          negotiationId,
          id,
        ])
      ).rows[0]
      return r ? readingOf(r, negotiationId) : null
    },
    async relabel(negotiationId, id, { name, note }) {
      const done = await pool.query('UPDATE readings SET name = $1, note = $2 WHERE negotiation_id = $3 AND id = $4', [
        name,
        note,
        negotiationId,
        id,
      ])
      return (done.rowCount ?? 0) > 0
    },
  }
}

/** Positions and proposals: JSON records by id within a negotiation. */
function jsonStore<T extends { id: string; negotiationId: string; createdAt: string }>(
  pool: pg.Pool,
  table: 'positions' | 'proposals',
) {
  return {
    async put(item: T) {
      await pool.query(
        `${insertSql(table, 'postgres')} ON CONFLICT (id) DO UPDATE SET data = excluded.data`,
        recordValues(item),
      )
    },
    async get(negotiationId: string, id: string) {
      const r = await pool.query<{ data: string }>(`SELECT data FROM ${table} WHERE negotiation_id = $1 AND id = $2`, [
        negotiationId,
        id,
      ])
      const row = r.rows[0]
      return row ? (JSON.parse(row.data) as T) : null
    },
    async list(negotiationId: string) {
      const r = await pool.query<{ data: string }>(
        `SELECT data FROM ${table} WHERE negotiation_id = $1 ORDER BY created_at, ord`,
        [negotiationId],
      )
      return r.rows.map((row) => JSON.parse(row.data) as T)
    },
    async delete(negotiationId: string, id: string) {
      const r = await pool.query(`DELETE FROM ${table} WHERE negotiation_id = $1 AND id = $2`, [negotiationId, id])
      return (r.rowCount ?? 0) > 0
    },
  }
}

/** Positions, each put and delete also kept as a version (one statement each, so one transaction). */
function positionStore(pool: pg.Pool): PositionStore {
  const records = jsonStore<Position>(pool, 'positions')
  return {
    get: records.get,
    list: records.list,
    async put(p) {
      await pool.query(
        `WITH current AS (${insertSql('positions', 'postgres')} ON CONFLICT (id) DO UPDATE SET data = excluded.data)
         INSERT INTO position_versions (id, negotiation_id, data, at) VALUES ($1, $2, $3, $5)`,
        [...recordValues(p), p.updatedAt],
      )
    },
    async delete(negotiationId, id) {
      const r = await pool.query(
        `WITH gone AS (DELETE FROM positions WHERE negotiation_id = $1 AND id = $2 RETURNING id)
         INSERT INTO position_versions (id, negotiation_id, data, at) SELECT id, $1, NULL, $3 FROM gone`,
        [negotiationId, id, new Date().toISOString()],
      )
      return (r.rowCount ?? 0) > 0
    },
    async listAsOf(negotiationId, at) {
      const r = await pool.query<{ id: string; data: string | null }>(
        'SELECT id, data FROM position_versions WHERE negotiation_id = $1 AND at <= $2 ORDER BY ord',
        [negotiationId, at],
      )
      return standingPositions(r.rows)
    },
  }
}

function tokenStore(pool: pg.Pool): TokenStore {
  return {
    async create(i: Invitation) {
      await pool.query(insertSql('invitations', 'postgres'), invitationValues(i)).catch((e) => {
        throw conflictOr(e, `an invitation with id '${i.id}' exists already`)
      })
    },
    async get(id) {
      return (
        (await pool.query<Invitation>(`SELECT ${invitationColumns} FROM invitations WHERE id = $1`, [id])).rows[0] ??
        null
      )
    },
    async list(negotiationId) {
      const r = await pool.query<Invitation>(
        `SELECT ${invitationColumns} FROM invitations WHERE negotiation_id = $1 ORDER BY created_at, ord`,
        [negotiationId],
      )
      return r.rows
    },
    async revoke(id, at) {
      const r = await pool.query('UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [
        at,
        id,
      ])
      return (r.rowCount ?? 0) > 0
    },
    async endSession(id, expiresAt) {
      await pool.query(
        `WITH forgotten AS (DELETE FROM ended_sessions WHERE expires_at < $3)
         INSERT INTO ended_sessions (id, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [id, expiresAt, new Date().toISOString()],
      )
    },
    async sessionEnded(id) {
      return ((await pool.query('SELECT 1 FROM ended_sessions WHERE id = $1', [id])).rowCount ?? 0) > 0
    },
  }
}

function leaseStore(pool: pg.Pool): LeaseStore {
  const interval = (ms: number) => `${Math.max(1, Math.round(ms))} milliseconds`
  return {
    async acquire(key, owner, ttlMs) {
      // The token grows only when the owner changes; the row lock of the
      // UPDATE waits for any append that checked the old token to commit.
      const r = await pool.query<{ token: string }>(
        `INSERT INTO leases AS l (key, owner, token, expires_at) VALUES ($1, $2, 1, now() + $3::interval)
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
           token = CASE WHEN l.owner = excluded.owner THEN l.token ELSE l.token + 1 END
         WHERE l.owner = excluded.owner OR l.expires_at < now()
         RETURNING token`,
        [key, owner, interval(ttlMs)],
      )
      const row = r.rows[0]
      return row ? Number(row.token) : null
    },
    async renew(key, owner, token, ttlMs) {
      const r = await pool.query(
        'UPDATE leases SET expires_at = now() + $4::interval WHERE key = $1 AND owner = $2 AND token = $3',
        [key, owner, token, interval(ttlMs)],
      )
      return (r.rowCount ?? 0) > 0
    },
    async release(key, owner, token) {
      await pool.query(
        `UPDATE leases SET expires_at = now() - interval '1 second' WHERE key = $1 AND owner = $2 AND token = $3`,
        [key, owner, token],
      )
    },
    async get(key) {
      const r = await pool.query<{ owner: string; token: string; live: boolean }>(
        'SELECT owner, token, expires_at > now() AS live FROM leases WHERE key = $1',
        [key],
      )
      const row = r.rows[0]
      return row ? { owner: row.owner, token: Number(row.token), live: row.live } : null
    },
  }
}
