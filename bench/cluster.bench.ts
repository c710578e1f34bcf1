// npm run bench:cluster [-- --processes 1,2,4 --workloads a,b --seconds 10 --negotiations 50 --editors 20
//                          --observers 2000 --rate-a 1 --rate-b 2 --json FILE]
//
// Several rolling-text processes on one PostgreSQL and one Redis, behind a
// round-robin TCP proxy (bench/cluster-proxy.mjs), against one process on
// SQLite and one on PostgreSQL (no Redis, no proxy), side by side in one run:
//   (a) `negotiations` negotiations × `editors` editing clients, each making
//       `rate-a` edits a second;
//   (b) one negotiation with `editors` editors making `rate-b` edits a second
//       each and `observers` observers, spread over the processes.
// Measures the time from an edit to its arrival at every other client of the
// negotiation (p50, p99), the edits delivered per second, and each process's
// CPU and memory (from /proc). PostgreSQL and Redis are started here, on
// loopback in temporary directories, from Debian's packages.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { loadSecret, TokenService } from '../server/auth/tokens'
import { createNegotiation, sampleDocument } from '../server/negotiations/create'
import { openStorage } from '../server/storage'
import { openPostgresStorage } from '../server/storage/postgres'
import type { Role } from '../shared/protocol/roles'
import type { Storage } from '../server/storage/types'
import { freshDatabase } from '../tests/harness/cluster'
import { freePort, TestPostgres, TestRedis } from '../tests/harness/services'

process.setMaxListeners(0)

const { values } = parseArgs({
  options: {
    processes: { type: 'string', default: '1,2,4' },
    workloads: { type: 'string', default: 'a,b' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    negotiations: { type: 'string', default: '50' },
    editors: { type: 'string', default: '20' },
    observers: { type: 'string', default: '2000' },
    'rate-a': { type: 'string', default: '1' },
    'rate-b': { type: 'string', default: '2' },
    json: { type: 'string' },
  },
})
const processCounts = values.processes.split(',').map(Number)
const workloads = values.workloads.split(',') as ('a' | 'b')[]
const seconds = Number(values.seconds)
const warmupSeconds = Number(values.warmup)
const root = new URL('..', import.meta.url).pathname
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** One way of running the server: how many processes, on what. */
interface Setup {
  name: string
  processes: number
  backend: 'sqlite' | 'postgres'
  redis: boolean
  proxy: boolean
}

const setups: Setup[] = [
  { name: 'SQLite, 1 process', processes: 1, backend: 'sqlite', redis: false, proxy: false },
  { name: 'PostgreSQL, 1 process', processes: 1, backend: 'postgres', redis: false, proxy: false },
  ...processCounts.map((n) => ({
    name: `cluster, ${n} process${n > 1 ? 'es' : ''}`,
    processes: n,
    backend: 'postgres' as const,
    redis: true,
    proxy: true,
  })),
]

/** What a workload needs: negotiations, and per negotiation its clients. */
interface Workload {
  label: string
  negotiations: number
  editors: number
  observers: number
  /** Edits a second per editor. */
  rate: number
}

const workloadOf = (w: 'a' | 'b'): Workload =>
  w === 'a'
    ? {
        label: `(a) ${values.negotiations} × ${values.editors} editors`,
        negotiations: Number(values.negotiations),
        editors: Number(values.editors),
        observers: 0,
        rate: Number(values['rate-a']),
      }
    : {
        label: `(b) 1 × ${values.editors} editors + ${values.observers} observers`,
        negotiations: 1,
        editors: Number(values.editors),
        observers: Number(values.observers),
        rate: Number(values['rate-b']),
      }

interface Running {
  servers: ChildProcess[]
  proxy: ChildProcess | null
  wsUrl: string
  /** Per negotiation: editor tokens, then observer tokens. */
  rooms: { id: string; editors: string[]; observers: string[] }[]
  stop(): Promise<void>
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = ''
    const onData = (d: Buffer) => {
      out += d.toString()
      const m = pattern.exec(out)
      if (m) {
        child.stdout?.off('data', onData)
        resolve(m)
      }
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`exited (${code}) before it was ready:\n${out}`)))
  })
}

/** Creates the negotiations and one invitation per client in the store. */
async function seed(storage: Storage, secret: Buffer, w: Workload): Promise<Running['rooms']> {
  const tokens = new TokenService(secret, storage.tokens)
  const rooms: Running['rooms'] = []
  const issue = async (role: Role, negotiation: string, n: number) =>
    Promise.all(
      Array.from(
        { length: n },
        async () => (await tokens.issue({ role, state: null, negotiation, createdBy: 'bench' })).token,
      ),
    )
  for (let i = 0; i < w.negotiations; i++) {
    const { title, doc } = sampleDocument()
    const { id } = await createNegotiation(storage, `${title} ${i + 1}`, doc)
    rooms.push({
      id,
      editors: await issue('editor', id, w.editors),
      observers: await issue('observer', id, w.observers),
    })
  }
  return rooms
}

async function start(setup: Setup, w: Workload, services: { pg: TestPostgres; redis: TestRedis }): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-bench-cluster-'))
  let env: Record<string, string> = { DATA_DIR: dataDir }
  let rooms: Running['rooms']
  if (setup.backend === 'sqlite') {
    const storage = openStorage(dataDir)
    rooms = await seed(storage, loadSecret(dataDir), w)
    await storage.close()
  } else {
    const url = await freshDatabase(services.pg.url, 'bench')
    const storage = await openPostgresStorage(url)
    rooms = await seed(storage, await storage.secret(), w)
    await storage.close()
    env = { ...env, DATABASE_URL: url, ...(setup.redis ? { REDIS_URL: services.redis.url } : {}) }
  }
  const servers: ChildProcess[] = []
  const ports: number[] = []
  for (let i = 0; i < setup.processes; i++) {
    const child = spawn(process.execPath, [join(root, 'bin/server.mjs')], {
      env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const [, port] = await waitForOutput(child, /listening on http:\/\/[\d.]+:(\d+)/)
    servers.push(child)
    ports.push(Number(port))
  }
  let proxy: ChildProcess | null = null
  let wsPort = ports[0] ?? 0
  if (setup.proxy) {
    wsPort = await freePort()
    proxy = spawn(
      process.execPath,
      [join(root, 'bench/cluster-proxy.mjs'), String(wsPort), ...ports.map((p) => `127.0.0.1:${p}`)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    await waitForOutput(proxy, /proxy listening/)
  }
  return {
    servers,
    proxy,
    wsUrl: `ws://127.0.0.1:${wsPort}/sync`,
    rooms,
    async stop() {
      for (const child of [...servers, ...(proxy ? [proxy] : [])]) {
        child.kill('SIGTERM')
        await new Promise((r) => child.once('exit', r))
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** CPU seconds and resident memory of a process, from /proc (Linux). */
function processStats(pid: number | undefined): { cpuSeconds: number; rssBytes: number } {
  if (!pid) return { cpuSeconds: 0, rssBytes: 0 }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  const rssPages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1])
  return { cpuSeconds: ticks / 100, rssBytes: rssPages * 4096 }
}

/** Every clause's text, once the document is in. */
function clauseTexts(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = []
  for (const section of doc.getXmlFragment('prosemirror').toArray() as Y.XmlElement[]) {
    for (const clause of section.toArray() as Y.XmlElement[]) {
      if (clause.nodeName !== 'clause') continue
      const t = clause.toArray().find((c) => c instanceof Y.XmlText)
      if (t) out.push(t as Y.XmlText)
    }
  }
  return out
}

type OnReceipt = (update: Uint8Array, at: number, receiver: number) => void

/** A thin y-websocket client: a raw socket that syncs once and then only
 *  times the updates it receives (identified by their ids), without applying
 *  them, so thousands fit in this process. An editor keeps a Y.Doc of the
 *  text as first synced plus its own edits, which is all an edit needs. */
class ThinClient {
  readonly doc = new Y.Doc()
  readonly ws: WebSocket
  texts: Y.XmlText[] = []
  readonly ready: Promise<void>

  constructor(wsUrl: string, room: string, token: string, editor: boolean, onReceipt: OnReceipt) {
    this.ws = new WebSocket(`${wsUrl}/${room}?token=${encodeURIComponent(token)}`)
    this.ws.binaryType = 'nodebuffer'
    let markReady: () => void = () => undefined
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve
      this.ws.once('error', reject)
      this.ws.once('close', (code) => reject(new Error(`closed with ${code}`)))
    })
    this.ws.on('open', () => {
      if (!editor) return markReady()
      this.send((e) => {
        encoding.writeVarUint(e, 0)
        syncProtocol.writeSyncStep1(e, this.doc)
      })
    })
    this.ws.on('message', (data: Buffer) => {
      const at = performance.now()
      const d = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(d) !== 0) return
      const step = decoding.readVarUint(d)
      const payload = decoding.readVarUint8Array(d)
      if (step === 2 && (this.texts.length || !editor)) return onReceipt(payload, at, this.doc.clientID)
      if (step === 0) {
        this.send((e) => {
          encoding.writeVarUint(e, 0)
          syncProtocol.writeSyncStep2(e, this.doc, payload)
        })
      } else if (!this.texts.length) {
        Y.applyUpdate(this.doc, payload)
        this.texts = clauseTexts(this.doc)
        if (this.texts.length) markReady()
      }
    })
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'local')
        this.send((e) => {
          encoding.writeVarUint(e, 0)
          syncProtocol.writeUpdate(e, update)
        })
    })
  }

  private send(write: (e: encoding.Encoder) => void) {
    const e = encoding.createEncoder()
    write(e)
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(encoding.toUint8Array(e))
  }

  /** Inserts one character; returns the clock it used. */
  edit(i: number): number {
    const clock = Y.getState(this.doc.store, this.doc.clientID)
    this.doc.transact(() => this.texts[i % this.texts.length]?.insert(0, 'x'), 'local')
    return clock
  }

  close() {
    this.ws.close()
    this.doc.destroy()
  }
}

interface Result {
  setup: string
  workload: string
  clients: number
  edits: number
  editsPerSecond: number
  receipts: number
  expectedReceipts: number
  p50: number
  p99: number
  processCpuPercent: number[]
  processRssMb: number[]
  /** CPU milliseconds all server processes spent per edit (with its relays). */
  cpuMsPerEdit: number
  proxyCpuPercent: number | null
  benchCpuPercent: number
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

async function measure(setup: Setup, w: Workload, run: Running): Promise<Result> {
  const sentAt = new Map<number, Map<number, number>>()
  let latencies = new Float64Array(1 << 16)
  let count = 0
  let measuring = false
  const delivered = new Set<string>()
  const onReceipt: OnReceipt = (update, at, receiver) => {
    if (!measuring) return
    const { from, to } = Y.parseUpdateMeta(update)
    for (const [client, end] of to) {
      if (client === receiver) continue
      const sent = sentAt.get(client)
      if (!sent) continue
      for (let clock = from.get(client) ?? 0; clock < end; clock++) {
        const t = sent.get(clock)
        if (t === undefined) continue
        if (count === latencies.length) {
          const grown = new Float64Array(count * 2)
          grown.set(latencies)
          latencies = grown
        }
        latencies[count++] = at - t
        delivered.add(`${client}:${clock}`)
      }
    }
  }
  const editors: ThinClient[] = []
  const all: ThinClient[] = []
  const pending: { room: string; token: string; editor: boolean }[] = []
  for (const room of run.rooms) {
    for (const token of room.editors) pending.push({ room: room.id, token, editor: true })
    for (const token of room.observers) pending.push({ room: room.id, token, editor: false })
  }
  for (let i = 0; i < pending.length; i += 50) {
    const batch = pending.slice(i, i + 50).map((p) => {
      const c = new ThinClient(run.wsUrl, p.room, p.token, p.editor, onReceipt)
      if (p.editor) editors.push(c)
      all.push(c)
      return c
    })
    await Promise.all(batch.map((c) => c.ready))
  }
  const perRoom = w.editors + w.observers
  const editRate = editors.length * w.rate
  let issued = 0
  let measuredEdits = 0
  const began = performance.now()
  const tick = () => {
    const due = Math.floor(((performance.now() - began) / 1000) * editRate)
    for (; issued < due; issued++) {
      const c = editors[issued % editors.length]
      if (!c) continue
      const clock = c.edit(issued)
      // Only edits made while measuring are timed.
      if (!measuring) continue
      let sent = sentAt.get(c.doc.clientID)
      if (!sent) {
        sent = new Map()
        sentAt.set(c.doc.clientID, sent)
      }
      sent.set(clock, performance.now())
      measuredEdits++
    }
  }
  const timer = setInterval(tick, Math.max(1, 1000 / editRate))
  await sleep(warmupSeconds * 1000)
  // A backlog of the warm-up is not made up for while measuring.
  tick()
  const pids = run.servers.map((s) => s.pid)
  const before = pids.map(processStats)
  const proxyBefore = processStats(run.proxy?.pid)
  const benchBefore = process.cpuUsage()
  const peak = before.map((b) => b.rssBytes)
  const sampler = setInterval(() => {
    pids.forEach((pid, i) => {
      peak[i] = Math.max(peak[i] ?? 0, processStats(pid).rssBytes)
    })
  }, 500)
  measuring = true
  count = 0
  const startAt = performance.now()
  await sleep(seconds * 1000)
  clearInterval(timer)
  const elapsed = (performance.now() - startAt) / 1000
  const after = pids.map(processStats)
  const proxyAfter = processStats(run.proxy?.pid)
  const bench = process.cpuUsage(benchBefore)
  // The last edits arrive: wait until a second passes without a receipt
  // (at most 15 s), so that a slow setup's late receipts still count.
  for (let last = -1, waited = 0; last !== count && waited < 15; waited++) {
    last = count
    await sleep(1000)
  }
  measuring = false
  clearInterval(sampler)
  for (const c of all) c.close()
  const sorted = latencies.slice(0, count).sort()
  return {
    setup: setup.name,
    workload: w.label,
    clients: all.length,
    edits: measuredEdits,
    editsPerSecond: delivered.size / elapsed,
    receipts: count,
    expectedReceipts: measuredEdits * (perRoom - 1),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    processCpuPercent: after.map((a, i) => ((a.cpuSeconds - (before[i]?.cpuSeconds ?? 0)) / elapsed) * 100),
    processRssMb: peak.map((b) => b / 2 ** 20),
    cpuMsPerEdit:
      (after.reduce((n, a, i) => n + a.cpuSeconds - (before[i]?.cpuSeconds ?? 0), 0) * 1000) /
      Math.max(1, measuredEdits),
    proxyCpuPercent: run.proxy ? ((proxyAfter.cpuSeconds - proxyBefore.cpuSeconds) / elapsed) * 100 : null,
    benchCpuPercent: ((bench.user + bench.system) / 1e6 / elapsed) * 100,
  }
}

const pg = await TestPostgres.start()
const redis = await TestRedis.start()
const results: Result[] = []
try {
  for (const key of workloads) {
    const w = workloadOf(key)
    for (const setup of setups) {
      console.error(`${w.label}: ${setup.name} ...`)
      const run = await start(setup, w, { pg, redis })
      try {
        results.push(await measure(setup, w, run))
      } finally {
        await run.stop()
      }
    }
  }
} finally {
  await redis.remove()
  pg.remove()
}

const f = (x: number | null, d = 1) => (x === null || Number.isNaN(x) ? 'n/a' : x.toFixed(d))
console.log(
  `\nEdit-to-receipt latency at every other client of the negotiation, ${seconds} s per setup (loopback, ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)})\n`,
)
console.log(
  'workload                                 setup                    clients  edits  edits/s  receipts (of)          p50 ms   p99 ms  CPU % per process     RSS MB per process  CPU ms/edit  proxy %  bench %',
)
for (const r of results) {
  console.log(
    `${r.workload.padEnd(40)} ${r.setup.padEnd(23)} ${String(r.clients).padStart(8)} ${String(r.edits).padStart(6)} ${f(r.editsPerSecond, 0).padStart(8)} ${`${r.receipts} (${r.expectedReceipts})`.padStart(22)} ${f(r.p50, 1).padStart(8)} ${f(r.p99, 1).padStart(8)}  ${r.processCpuPercent
      .map((c) => f(c, 0))
      .join('/')
      .padEnd(20)}  ${r.processRssMb
      .map((m) => f(m, 0))
      .join('/')
      .padEnd(
        18,
      )} ${f(r.cpuMsPerEdit, 2).padStart(11)} ${f(r.proxyCpuPercent, 0).padStart(7)} ${f(r.benchCpuPercent, 0).padStart(8)}`,
  )
}
console.log('')
for (const key of workloads) {
  const label = workloadOf(key).label
  const rows = results.filter((r) => r.workload === label)
  const sqlite = rows[0]
  const one = rows.find((r) => r.setup.startsWith('cluster, 1 '))
  if (!sqlite) continue
  for (const r of rows.slice(1)) {
    const vsSqlite = `throughput ${(r.editsPerSecond / sqlite.editsPerSecond).toFixed(2)}× and p99 ${(r.p99 / sqlite.p99).toFixed(2)}× SQLite's`
    const vsOne =
      one && r !== one && r.setup.startsWith('cluster')
        ? `; ${(r.editsPerSecond / one.editsPerSecond).toFixed(2)}× the 1-process cluster's throughput`
        : ''
    console.log(
      `${label}, ${r.setup}: ${vsSqlite}${vsOne}${key === 'b' ? `; p99 < 100 ms: ${r.p99 < 100 ? 'met' : 'missed'}` : ''}`,
    )
  }
}
if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2))
