import type pg from 'pg'
import { StorageError } from './types'

// Each step moves the schema one version on; a step is never edited once
// released: a change of schema is a new step.
const steps: string[] = [
  `CREATE TABLE negotiations (id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE updates (
     seq BIGSERIAL PRIMARY KEY, uid TEXT NOT NULL UNIQUE, doc TEXT NOT NULL, data BYTEA NOT NULL, at TEXT NOT NULL,
     author_role TEXT NOT NULL, author_state TEXT, author_name TEXT NOT NULL, token_id TEXT);
   CREATE INDEX updates_doc ON updates(doc, seq);
   CREATE TABLE clause_changes (seq BIGINT NOT NULL, doc TEXT NOT NULL, clause_id TEXT NOT NULL, kind TEXT NOT NULL);
   CREATE INDEX clause_changes_clause ON clause_changes(doc, clause_id, seq);
   CREATE TABLE snapshots (doc TEXT PRIMARY KEY, state BYTEA NOT NULL, seq BIGINT NOT NULL, at TEXT NOT NULL);
   CREATE TABLE readings (
     ord BIGSERIAL, id TEXT PRIMARY KEY, negotiation_id TEXT NOT NULL, name TEXT NOT NULL, date TEXT NOT NULL,
     created_at TEXT NOT NULL, created_by TEXT NOT NULL, brackets TEXT NOT NULL, doc TEXT NOT NULL, state BYTEA NOT NULL);
   CREATE INDEX readings_negotiation ON readings(negotiation_id, created_at, ord);
   CREATE TABLE positions (
     ord BIGSERIAL, id TEXT PRIMARY KEY, negotiation_id TEXT NOT NULL, data TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE INDEX positions_negotiation ON positions(negotiation_id, created_at, ord);
   CREATE TABLE proposals (
     ord BIGSERIAL, id TEXT PRIMARY KEY, negotiation_id TEXT NOT NULL, data TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE INDEX proposals_negotiation ON proposals(negotiation_id, created_at, ord);
   CREATE TABLE invitations (
     ord BIGSERIAL, id TEXT PRIMARY KEY, role TEXT NOT NULL, state TEXT, negotiation_id TEXT, name TEXT NOT NULL,
     created_at TEXT NOT NULL, created_by TEXT NOT NULL, revoked_at TEXT);
   CREATE INDEX invitations_negotiation ON invitations(negotiation_id, created_at, ord);
   CREATE TABLE leases (key TEXT PRIMARY KEY, owner TEXT NOT NULL, token BIGINT NOT NULL, expires_at TIMESTAMPTZ NOT NULL);
   CREATE TABLE settings (name TEXT PRIMARY KEY, value BYTEA NOT NULL);`,
  // Signing keys besides the first (settings' `secret`, key 0): those of a
  // data directory whose keys were rotated, brought over by `rolling-text
  // migrate`. The last one signs.
  `CREATE TABLE signing_keys (ord BIGSERIAL, kid TEXT PRIMARY KEY, key BYTEA NOT NULL);`,
  // 3: a clause change keeps the clause's text after it, for word-level histories.
  'ALTER TABLE clause_changes ADD COLUMN text TEXT;',
  // 4: a reading has a note, and may be renamed.
  "ALTER TABLE readings ADD COLUMN note TEXT NOT NULL DEFAULT '';",
  // 5: browser sessions signed out of, until they would have expired.
  'CREATE TABLE ended_sessions (id TEXT PRIMARY KEY, expires_at TEXT NOT NULL);',
  // 6: every version of every position, for the matrix as of a reading; the
  // positions standing so far become their first versions.
  `CREATE TABLE position_versions (
     ord BIGSERIAL, id TEXT NOT NULL, negotiation_id TEXT NOT NULL, data TEXT, at TEXT NOT NULL);
   CREATE INDEX position_versions_negotiation ON position_versions(negotiation_id, at);
   INSERT INTO position_versions (id, negotiation_id, data, at)
     SELECT id, negotiation_id, data, COALESCE(data::json->>'updatedAt', created_at) FROM positions ORDER BY ord;`,
]

/** The schema version this code writes. */
export const schemaVersion = steps.length

/** Brings the database to `schemaVersion`, one step per transaction. Several
 *  processes may start at once: an advisory lock lets one migrate while the
 *  others wait, then find nothing left to do. */
export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect()
  const onError = () => undefined
  client.on('error', onError)
  try {
    await client.query('SELECT pg_advisory_lock(7146001)')
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)')
    const row = await client.query<{ version: number }>('SELECT version FROM schema_version')
    let version = row.rows[0]?.version ?? 0
    if (row.rows.length === 0) await client.query('INSERT INTO schema_version VALUES (0)')
    if (version > schemaVersion) {
      throw new StorageError(
        'io',
        `the database was written by a newer rolling-text (schema version ${version}); upgrade rolling-text`,
      )
    }
    for (; version < schemaVersion; version++) {
      await client.query('BEGIN')
      await client.query(steps[version] ?? '')
      await client.query('UPDATE schema_version SET version = $1', [version + 1])
      await client.query('COMMIT')
    }
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw e
  } finally {
    await client.query('SELECT pg_advisory_unlock(7146001)').catch(() => undefined)
    client.off('error', onError)
    client.release()
  }
}
