import type { Position } from '../../shared/positions/position'
import type { Author, ClauseHistoryEntry, Invitation, Reading, ReadingSummary } from './types'

/** The tables both backends hold and the columns they share, in order.
 *  PostgreSQL adds `ord` (insertion order) to the ordered tables and `uid`
 *  (an append's idempotency key) to `updates`; SQLite keeps both in its rowid.
 *  `rolling-text migrate` copies exactly these. */
export const tables = {
  negotiations: ['id', 'title', 'created_at'],
  updates: ['seq', 'doc', 'data', 'at', 'author_role', 'author_state', 'author_name', 'token_id'],
  clause_changes: ['seq', 'doc', 'clause_id', 'kind', 'text'],
  snapshots: ['doc', 'state', 'seq', 'at'],
  readings: ['id', 'negotiation_id', 'name', 'date', 'created_at', 'created_by', 'brackets', 'doc', 'state', 'note'],
  positions: ['id', 'negotiation_id', 'data', 'created_at'],
  proposals: ['id', 'negotiation_id', 'data', 'created_at'],
  invitations: ['id', 'role', 'state', 'negotiation_id', 'name', 'created_at', 'created_by', 'revoked_at'],
  ended_sessions: ['id', 'expires_at'],
  position_versions: ['id', 'negotiation_id', 'data', 'at'],
} as const

/** A table both backends hold. */
export type Table = keyof typeof tables

/** How a backend writes parameters: `?` (SQLite) or `$1, $2, …` (PostgreSQL). */
export type Dialect = 'sqlite' | 'postgres'

/** `INSERT INTO table (columns) VALUES (…)` with every column of `tables`
 *  except those in `skip` (SQLite numbers its own `seq`). */
export function insertSql(table: Table, dialect: Dialect, skip: readonly string[] = []): string {
  const columns = tables[table].filter((c) => !skip.includes(c))
  const marks = columns.map((_, i) => (dialect === 'sqlite' ? '?' : `$${i + 1}`))
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${marks.join(', ')})`
}

// Double-quoted aliases keep their case in both SQLite and PostgreSQL.

/** The columns of a negotiation, named as the record has them. */
export const negotiationColumns = 'id, title, created_at AS "createdAt"'

/** The columns of an invitation, named as the record has them. */
export const invitationColumns = `id, role, state, negotiation_id AS "negotiationId", name, created_at AS "createdAt",
  created_by AS "createdBy", revoked_at AS "revokedAt"`

/** An invitation's values in the order of `tables.invitations`. */
export const invitationValues = (i: Invitation): unknown[] => [
  i.id,
  i.role,
  i.state,
  i.negotiationId,
  i.name,
  i.createdAt,
  i.createdBy,
  i.revokedAt,
]

/** A reading as either backend stores it. */
export interface ReadingRow {
  id: string
  name: string
  date: string
  created_at: string
  created_by: string
  brackets: string
  doc: string
  state: Uint8Array
  note: string
}

/** The columns a reading's summary needs. */
export const readingSummaryColumns = 'id, name, date, created_at, created_by, brackets, note'

/** A reading's summary from its row. */
export const readingSummary = (r: Omit<ReadingRow, 'doc' | 'state'>): ReadingSummary => ({
  id: r.id,
  name: r.name,
  date: r.date,
  createdAt: r.created_at,
  createdBy: JSON.parse(r.created_by),
  brackets: JSON.parse(r.brackets),
  note: r.note,
})

/** A whole reading from its row. */
export const readingOf = (r: ReadingRow, negotiationId: string): Reading => ({
  ...readingSummary(r),
  negotiationId,
  doc: JSON.parse(r.doc),
  state: new Uint8Array(r.state),
})

/** A reading's values in the order of `tables.readings`. */
export const readingValues = (r: Reading): unknown[] => [
  r.id,
  r.negotiationId,
  r.name,
  r.date,
  r.createdAt,
  JSON.stringify(r.createdBy),
  JSON.stringify(r.brackets),
  JSON.stringify(r.doc),
  Buffer.from(r.state.buffer, r.state.byteOffset, r.state.byteLength),
  r.note,
]

/** A position's or a proposal's values in the order of `tables.positions`. */
export const recordValues = (item: { id: string; negotiationId: string; createdAt: string }): unknown[] => [
  item.id,
  item.negotiationId,
  JSON.stringify(item),
  item.createdAt,
]

/** A version of a position, in the order of `tables.position_versions`:
 *  its record (null: deleted) from the time `at`. */
export const positionVersionValues = (negotiationId: string, id: string, p: Position | null, at: string) => [
  id,
  negotiationId,
  p ? JSON.stringify(p) : null,
  at,
]

/** The positions standing at the end of a run of versions (in the order
 *  they were recorded): each one's last version, deleted ones left out,
 *  in the order they first appeared. */
export function standingPositions(versions: readonly { id: string; data: string | null }[]): Position[] {
  const standing = new Map<string, string | null>()
  for (const v of versions) standing.set(v.id, v.data)
  return [...standing.values()].flatMap((data) => (data ? [JSON.parse(data) as Position] : []))
}

/** The query behind a clause's history; `$1`/`?` the document, `$2`/`?` the clause. */
export const clauseHistorySql = (dialect: Dialect) => {
  const [doc, clause] = dialect === 'sqlite' ? ['?', '?'] : ['$1', '$2']
  return `SELECT c.seq, c.kind, c.text, u.at, u.author_role, u.author_state, u.author_name
    FROM clause_changes c JOIN updates u ON u.seq = c.seq WHERE c.doc = ${doc} AND c.clause_id = ${clause} ORDER BY c.seq`
}

/** One row of `clauseHistorySql` (PostgreSQL returns a BIGINT as a string). */
export interface HistoryRow {
  seq: number | string
  kind: ClauseHistoryEntry['kind']
  text: string | null
  at: string
  author_role: Author['role']
  author_state: string | null
  author_name: string
}

/** A line of a clause's history from its row. */
export const historyEntry = (r: HistoryRow): ClauseHistoryEntry => ({
  seq: Number(r.seq),
  at: r.at,
  kind: r.kind,
  text: r.text,
  author: { role: r.author_role, state: r.author_state, name: r.author_name },
})
