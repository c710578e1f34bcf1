import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import * as Y from 'yjs'
import { type RunningServer, type ServerOptions, startServer } from '../../server/app'
import { silentLog } from '../../server/log'
import { createNegotiation, sampleDocument } from '../../server/negotiations/create'
import type { Role } from '../../shared/protocol/roles'
import type { Negotiation } from '../../server/storage/types'

let databases = 0

/** A fresh database on the PostgreSQL server at `url`: its URL. */
export async function freshDatabase(url: string, label: string): Promise<string> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const name = `rt_${label}_${process.pid}_${databases++}`
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const target = new URL(url)
  target.pathname = `/${name}`
  return target.toString()
}

/** Several server processes' worth of servers, in this process, sharing one
 *  database and one Redis, each on its own port. */
export interface TestCluster {
  servers: RunningServer[]
  negotiation: Negotiation
  wsUrl(i: number): string
  token(role: Role, state?: string | null): Promise<string>
  api(
    i: number,
    path: string,
    init?: { token?: string; method?: string; body?: unknown },
  ): Promise<{ status: number; json: unknown }>
  /** The server whose process owns the negotiation now. */
  owner(): Promise<number>
  stop(): Promise<void>
}

export async function startTestCluster(
  count: number,
  databaseUrl: string,
  redisUrl: string,
  options: Partial<ServerOptions> = {},
): Promise<TestCluster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-cluster-'))
  const servers: RunningServer[] = []
  for (let i = 0; i < count; i++) {
    servers.push(
      await startServer({
        dataDir,
        host: '127.0.0.1',
        port: 0,
        log: silentLog,
        databaseUrl,
        redisUrl,
        cluster: { leaseMs: 2000, checkMs: 250, forwardTimeoutMs: 1000 },
        ...options,
      }),
    )
  }
  const first = servers[0]
  if (!first) throw new Error('a cluster needs a server')
  const { title, doc } = sampleDocument()
  const negotiation = await createNegotiation(first.storage, title, doc)
  return {
    servers,
    negotiation,
    wsUrl: (i) => `ws://127.0.0.1:${servers[i]?.port}/sync`,
    async token(role, state = null) {
      return (await first.tokens.issue({ role, state, negotiation: negotiation.id, createdBy: 'test' })).token
    },
    async api(i, path, init = {}) {
      const res = await fetch(`${servers[i]?.url}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      })
      const text = await res.text()
      return { status: res.status, json: text ? JSON.parse(text) : null }
    },
    async owner() {
      const lease = await (await import('../../server/storage/postgres'))
        .openPostgresStorage(databaseUrl)
        .then(async (s) => {
          const holder = await s.leases.get(negotiation.id)
          await s.close()
          return holder
        })
      return servers.findIndex((s) => s.cluster?.id === lease?.owner)
    },
    async stop() {
      for (const s of servers) await s.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Every update row of a document, as stored. */
export async function storedUpdates(databaseUrl: string, doc: string): Promise<Uint8Array[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const r = await client.query<{ data: Buffer }>('SELECT data FROM updates WHERE doc = $1 ORDER BY seq', [doc])
    // Rows folded into a later one keep no data of their own.
    return r.rows.filter((row) => row.data.length > 0).map((row) => new Uint8Array(row.data))
  } finally {
    await client.end()
  }
}

/** The (client, clock) ranges of items that appear in more than one row:
 *  empty when nothing was stored twice. */
export function storedTwice(rows: readonly Uint8Array[]): string[] {
  const seen = new Map<number, [number, number][]>()
  const twice: string[] = []
  for (const row of rows) {
    for (const struct of Y.decodeUpdate(row).structs) {
      if (struct.constructor.name === 'Skip') continue
      const { client, clock } = struct.id
      const ranges = seen.get(client) ?? []
      if (ranges.some(([from, to]) => clock < to && clock + struct.length > from)) twice.push(`${client}:${clock}`)
      ranges.push([clock, clock + struct.length])
      seen.set(client, ranges)
    }
  }
  return twice
}

/** Whether `doc` has everything a state vector names. */
export const covers = (doc: Y.Doc, sv: Map<number, number>) =>
  [...sv].every(([client, clock]) => (Y.getState(doc.store, client) ?? 0) >= clock)

/** A document rebuilt from stored rows. */
export function docOf(rows: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const row of rows) Y.applyUpdate(doc, row)
  return doc
}
