import { randomUUID } from 'node:crypto'
import type pg from 'pg'
import { clauseHistorySql, type HistoryRow, historyEntry } from './rows'
import type { ClauseHistoryEntry, DocumentStore, StoredDocument, UpdateEntry } from './types'
import { StorageError } from './types'

/** The lease a document's appends are checked against: they commit only while
 *  the lease row `key` still names `owner` with `token`. A process that lost
 *  its lease (another took it over) can therefore never write. */
export interface Fence {
  key: string
  owner: string
  token: number
}

interface Pending {
  uid: string
  docName: string
  entry: UpdateEntry
  resolve(seq: number): void
  reject(e: unknown): void
}

/** Whether a failure is the connection's (the server restarting, a network
 *  cut): worth trying again, unlike an error in the statement. */
export function isTransient(e: unknown): boolean {
  const code = (e as { code?: unknown }).code
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true
  return code.startsWith('08') || code.startsWith('57P') || code.startsWith('53') || code === '40001'
}

const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)

/** The update log in PostgreSQL. Appends queue up while a commit is under
 *  way and go in together in the next one, so commits stay one at a time and
 *  promises resolve in call order. Each update carries a unique id: a commit
 *  retried after a lost connection stores nothing twice. */
export class PostgresDocuments implements DocumentStore {
  private queue: Pending[] = []
  private running: Promise<void> | null = null
  private readonly fences = new Map<string, Fence>()
  private closed = false

  constructor(
    private readonly pool: pg.Pool,
    private readonly retryForMs: number,
  ) {}

  /** Checks every later append to `docName` against `fence` (null: no check). */
  fence(docName: string, fence: Fence | null): void {
    if (fence) this.fences.set(docName, fence)
    else this.fences.delete(docName)
  }

  append(docName: string, entry: UpdateEntry): Promise<number> {
    if (this.closed) return Promise.reject(new StorageError('closed', 'the store is closed'))
    return new Promise((resolve, reject) => {
      this.queue.push({ uid: randomUUID(), docName, entry, resolve, reject })
      this.running ??= new Promise((done) => setImmediate(done)).then(this.drain)
    })
  }

  private drain = async (): Promise<void> => {
    while (this.queue.length) {
      const batch = this.queue
      this.queue = []
      await this.commitWithRetry(batch)
    }
    this.running = null
  }

  /** Resolves once every queued append is committed or refused. */
  async flush(): Promise<void> {
    while (this.running) await this.running
  }

  close(): Promise<void> {
    this.closed = true
    return this.flush()
  }

  private async commitWithRetry(batch: Pending[]): Promise<void> {
    const deadline = Date.now() + this.retryForMs
    for (let wait = 50; ; wait = Math.min(wait * 2, 1000)) {
      try {
        return await this.commit(batch)
      } catch (e) {
        if (!isTransient(e) || Date.now() + wait > deadline) {
          const failure = new StorageError('io', `could not store an update: ${(e as Error).message}`)
          for (const p of batch) p.reject(failure)
          return
        }
        await new Promise((r) => setTimeout(r, wait))
      }
    }
  }

  // One statement, so one round trip and one implicit transaction, for the
  // whole batch. Each row carries the fence of its document (or none); a
  // row whose lease has moved on is not inserted, and that is how it is told
  // apart. FOR SHARE holds the lease row until the commit: a takeover (an
  // UPDATE of the row) waits for it, and an append after the takeover sees the
  // new token. A retried batch finds its rows already there: ON CONFLICT
  // hands back their seq, and only fresh rows get their clause changes.
  private async commit(batch: Pending[]): Promise<void> {
    const col = <T>(f: (p: Pending) => T) => batch.map(f)
    const fence = (p: Pending) => this.fences.get(p.docName)
    const touches = batch.flatMap((p) => p.entry.clauses.map((c) => ({ uid: p.uid, c })))
    const rows = await this.pool.query<{ uid: string; seq: string }>(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::text[], $9::text[], $10::text[], $11::bigint[]) WITH ORDINALITY
           AS i(uid, doc, data, at, author_role, author_state, author_name, token_id, fence_key, fence_owner, fence_token, ord)
       ), allowed AS (
         SELECT * FROM input i WHERE i.fence_key IS NULL OR EXISTS (
           SELECT 1 FROM leases l WHERE l.key = i.fence_key AND l.owner = i.fence_owner AND l.token = i.fence_token
           FOR SHARE)
       ), inserted AS (
         INSERT INTO updates (uid, doc, data, at, author_role, author_state, author_name, token_id)
         SELECT uid, doc, data, at, author_role, author_state, author_name, token_id FROM allowed ORDER BY ord
         ON CONFLICT (uid) DO UPDATE SET uid = excluded.uid
         RETURNING uid, seq, (xmax = 0) AS fresh, doc
       ), touched AS (
         INSERT INTO clause_changes (seq, doc, clause_id, kind, text)
         SELECT n.seq, n.doc, t.clause_id, t.kind, t.text
         FROM unnest($12::text[], $13::text[], $14::text[], $15::text[]) AS t(uid, clause_id, kind, text)
         JOIN inserted n ON n.uid = t.uid WHERE n.fresh
       )
       SELECT uid, seq FROM inserted`,
      [
        col((p) => p.uid),
        col((p) => p.docName),
        col((p) => buf(p.entry.update)),
        col((p) => p.entry.at),
        col((p) => p.entry.author.role),
        col((p) => p.entry.author.state),
        col((p) => p.entry.author.name),
        col((p) => p.entry.author.tokenId),
        col((p) => fence(p)?.key ?? null),
        col((p) => fence(p)?.owner ?? null),
        col((p) => fence(p)?.token ?? null),
        touches.map((t) => t.uid),
        touches.map((t) => t.c.clauseId),
        touches.map((t) => t.c.kind),
        touches.map((t) => t.c.text ?? null),
      ],
    )
    const seqs = new Map(rows.rows.map((r) => [r.uid, Number(r.seq)]))
    for (const p of batch) {
      const seq = seqs.get(p.uid)
      if (seq === undefined) {
        p.reject(new StorageError('fenced', `another process owns '${p.docName}' now; this one may not write it`))
      } else {
        p.resolve(seq)
      }
    }
  }

  async load(docName: string): Promise<StoredDocument> {
    await this.flush()
    const snap = await this.pool.query<{ state: Buffer; seq: string }>(
      'SELECT state, seq FROM snapshots WHERE doc = $1',
      [docName],
    )
    const first = snap.rows[0]
    const snapshotSeq = first ? Number(first.seq) : 0
    const rows = await this.pool.query<{ seq: string; data: Buffer }>(
      'SELECT seq, data FROM updates WHERE doc = $1 AND seq > $2 ORDER BY seq',
      [docName, snapshotSeq],
    )
    return {
      snapshot: first ? new Uint8Array(first.state) : null,
      snapshotSeq,
      // A folded row's data lives in the row it was folded into.
      updates: rows.rows
        .filter((r) => r.data.length > 0)
        .map((r) => ({ seq: Number(r.seq), update: new Uint8Array(r.data) })),
      bytes: await this.bytes(docName),
    }
  }

  private async bytes(docName: string): Promise<number> {
    const r = await this.pool.query<{ n: string }>(
      `SELECT coalesce((SELECT sum(length(data)) FROM updates WHERE doc = $1), 0)
        + coalesce((SELECT length(state) FROM snapshots WHERE doc = $1), 0) AS n`,
      [docName],
    )
    return Number(r.rows[0]?.n ?? 0)
  }

  async foldLog(docName: string, afterSeq: number, throughSeq: number, update: Uint8Array): Promise<number> {
    await this.flush()
    const client = await this.pool.connect()
    let broken = false
    const onError = () => {
      broken = true
    }
    client.on('error', onError)
    try {
      await client.query('BEGIN')
      // Only the owner folds: a process fenced out must not rewrite the log.
      const fence = this.fences.get(docName)
      if (fence) {
        const held = await client.query('SELECT 1 FROM leases WHERE key = $1 AND owner = $2 AND token = $3 FOR SHARE', [
          fence.key,
          fence.owner,
          fence.token,
        ])
        if (held.rows.length === 0)
          throw new StorageError('fenced', `another process owns '${docName}' now; this one may not fold its log`)
      }
      await client.query("UPDATE updates SET data = ''::bytea WHERE doc = $1 AND seq > $2 AND seq < $3", [
        docName,
        afterSeq,
        throughSeq,
      ])
      await client.query('UPDATE updates SET data = $1 WHERE doc = $2 AND seq = $3', [buf(update), docName, throughSeq])
      await client.query('COMMIT')
    } catch (e) {
      broken ||= isTransient(e) && !(e instanceof StorageError)
      if (!broken) await client.query('ROLLBACK').catch(() => undefined)
      throw e
    } finally {
      client.off('error', onError)
      client.release(broken)
    }
    return this.bytes(docName)
  }

  async saveSnapshot(docName: string, state: Uint8Array, seq: number): Promise<void> {
    // A snapshot never moves backwards: a slow compaction must not replace a newer one.
    await this.pool.query(
      `INSERT INTO snapshots (doc, state, seq, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (doc) DO UPDATE SET state = excluded.state, seq = excluded.seq, at = excluded.at
       WHERE excluded.seq >= snapshots.seq`,
      [docName, buf(state), seq, new Date().toISOString()],
    )
  }

  async countSince(docName: string, seq: number): Promise<number> {
    await this.flush()
    const r = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM updates WHERE doc = $1 AND seq > $2', [
      docName,
      seq,
    ])
    return Number(r.rows[0]?.n ?? 0)
  }

  async clauseHistory(docName: string, clauseId: string): Promise<ClauseHistoryEntry[]> {
    await this.flush()
    const r = await this.pool.query<HistoryRow>(clauseHistorySql('postgres'), [docName, clauseId])
    return r.rows.map(historyEntry)
  }
}
