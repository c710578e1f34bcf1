import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type RunningServer, type ServerOptions } from '../../server/app'
import { silentLog } from '../../server/log'
import { createNegotiation, sampleDocument } from '../../server/negotiations/create'
import type { Role } from '../../shared/protocol/roles'
import type { Negotiation } from '../../server/storage/types'

/** A server for one test file, on 127.0.0.1 with a free port. */
export interface TestServer extends RunningServer {
  dataDir: string
  negotiation: Negotiation
  /** A signed token for a role (for the seeded negotiation unless given). */
  token(role: Role, state?: string | null, negotiation?: string | null): Promise<string>
  /** The sync endpoint base for WebsocketProvider. */
  wsUrl: string
  /** Calls the API; returns status and parsed JSON (or text). */
  api(
    path: string,
    init?: { token?: string; method?: string; body?: unknown },
  ): Promise<{ status: number; json: unknown; text: string }>
  /** Stops the server and removes its data. */
  stop(): Promise<void>
}

export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-server-'))
  const server = await startServer({ dataDir, host: '127.0.0.1', port: 0, log: silentLog, ...options })
  const { title, doc } = sampleDocument()
  const negotiation = await createNegotiation(server.storage, title, doc)
  return {
    ...server,
    dataDir,
    negotiation,
    wsUrl: `ws://127.0.0.1:${server.port}/sync`,
    async token(role, state = null, neg = negotiation.id) {
      return (await server.tokens.issue({ role, state, negotiation: neg, createdBy: 'test' })).token
    },
    async api(path, init = {}) {
      const res = await fetch(`${server.url}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      })
      const text = await res.text()
      let json: unknown = null
      try {
        json = JSON.parse(text)
      } catch {
        /* not JSON */
      }
      return { status: res.status, json, text }
    },
    async stop() {
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
