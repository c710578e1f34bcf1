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
// CPU and memory (from /proc), and, from the processes' /metrics, what the
// owners published per stored update (messages and bytes) and every message
// any process published. PostgreSQL and Redis are started here, on loopback
// in temporary directories, from Debian's packages. The clients are those of
// bench:server (bench/load.ts).
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { loadSecret, TokenService } from '../server/auth/tokens'
import { createNegotiation, sampleDocument } from '../server/negotiations/create'
import { openStorage } from '../server/storage'
import { openPostgresStorage } from '../server/storage/postgres'
import { present } from '../shared/present'
import type { Role } from '../shared/protocol/roles'
import type { Storage } from '../server/storage/types'
import { freshDatabase } from '../tests/harness/cluster'
import { freePort, TestPostgres, TestRedis } from '../tests/harness/services'
import { connectAll, percentile, processStats, Receipts, scheduleEdits, sleep, ThinClient, waitForOutput } from './load'

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
  /** Each server process's own base URL (for its /metrics). */
  httpUrls: string[]
  /** Per negotiation: editor tokens, then observer tokens. */
  rooms: { id: string; editors: string[]; observers: string[] }[]
  stop(): Promise<void>
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
  // Every client of the benchmark comes from this one machine's address.
  let env: Record<string, string> = { DATA_DIR: dataDir, RT_LIMIT_MAX_CONNECTIONS_PER_ADDRESS: '100000' }
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
    httpUrls: ports.map((p) => `http://127.0.0.1:${p}`),
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

/** What the processes published to each other, and the updates they stored,
 *  from their /metrics: the owner's fan-out, counted where it happens. */
interface BusTally {
  /** Stored-update messages (one per stored batch, by the owner). */
  updates: number
  updateBytes: number
  /** Every message of every kind (presence, forwards, replies too). */
  all: number
  allBytes: number
  accepted: number
}

async function busTally(httpUrls: readonly string[]): Promise<BusTally> {
  const tally: BusTally = { updates: 0, updateBytes: 0, all: 0, allBytes: 0, accepted: 0 }
  for (const url of httpUrls) {
    const text = await (await fetch(`${url}/metrics`)).text()
    for (const [, name, labels, value] of text.matchAll(/^(rt_\w+)\{([^}]*)\} (\S+)$/gm)) {
      const n = Number(value)
      const update = labels?.includes('type="update"')
      if (name === 'rt_bus_published_total') {
        tally.all += n
        if (update) tally.updates += n
      } else if (name === 'rt_bus_published_bytes_total') {
        tally.allBytes += n
        if (update) tally.updateBytes += n
      } else if (name === 'rt_updates_total' && labels?.includes('result="accepted"')) tally.accepted += n
    }
  }
  return tally
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
  /** Per update stored in the window: the owners' publishes of stored
   *  updates and their bytes, and every message any process published
   *  (null without Redis). */
  publishesPerUpdate: number | null
  publishBytesPerUpdate: number | null
  busMessagesPerUpdate: number | null
}

async function measure(setup: Setup, w: Workload, run: Running): Promise<Result> {
  const receipts = new Receipts()
  const pending: { room: string; token: string; editor: boolean }[] = []
  for (const room of run.rooms) {
    for (const token of room.editors) pending.push({ room: room.id, token, editor: true })
    for (const token of room.observers) pending.push({ room: room.id, token, editor: false })
  }
  const all = await connectAll(
    pending.length,
    (i) => {
      const p = present(pending[i], 'a client to connect')
      return new ThinClient(`${run.wsUrl}/${p.room}`, receipts.onReceipt, {
        edits: p.editor,
        presence: false,
        token: p.token,
      })
    },
    50,
  )
  const editors = all.filter((_, i) => pending[i]?.editor)
  const perRoom = w.editors + w.observers
  const edits = scheduleEdits(editors, editors.length * w.rate, receipts)
  await sleep(warmupSeconds * 1000)
  // A backlog of the warm-up is not made up for while measuring.
  edits.catchUp()
  const pids = run.servers.map((s) => s.pid)
  const before = pids.map(processStats)
  const busBefore = setup.redis ? await busTally(run.httpUrls) : null
  const proxyBefore = processStats(run.proxy?.pid)
  const benchBefore = process.cpuUsage()
  const peak = before.map((b) => b.rssBytes)
  const sampler = setInterval(() => {
    pids.forEach((pid, i) => {
      peak[i] = Math.max(peak[i] ?? 0, processStats(pid).rssBytes)
    })
  }, 500)
  receipts.measuring = true
  const startAt = performance.now()
  await sleep(seconds * 1000)
  edits.stop()
  const elapsed = (performance.now() - startAt) / 1000
  const after = pids.map(processStats)
  const proxyAfter = processStats(run.proxy?.pid)
  const bench = process.cpuUsage(benchBefore)
  // The last edits arrive: wait until a second passes without a receipt
  // (at most 15 s), so that a slow setup's late receipts still count.
  for (let last = -1, waited = 0; last !== receipts.received && waited < 15; waited++) {
    last = receipts.received
    await sleep(1000)
  }
  receipts.measuring = false
  const busAfter = busBefore ? await busTally(run.httpUrls) : null
  clearInterval(sampler)
  for (const c of all) c.close()
  const sorted = receipts.sorted()
  const stored = busAfter && busBefore ? Math.max(1, busAfter.accepted - busBefore.accepted) : 1
  const perUpdate = (key: keyof BusTally) => (busAfter && busBefore ? (busAfter[key] - busBefore[key]) / stored : null)
  return {
    setup: setup.name,
    workload: w.label,
    clients: all.length,
    edits: receipts.edits,
    editsPerSecond: receipts.delivered.size / elapsed,
    receipts: receipts.received,
    expectedReceipts: receipts.edits * (perRoom - 1),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    processCpuPercent: after.map((a, i) => ((a.cpuSeconds - (before[i]?.cpuSeconds ?? 0)) / elapsed) * 100),
    processRssMb: peak.map((b) => b / 2 ** 20),
    cpuMsPerEdit:
      (after.reduce((n, a, i) => n + a.cpuSeconds - (before[i]?.cpuSeconds ?? 0), 0) * 1000) /
      Math.max(1, receipts.edits),
    proxyCpuPercent: run.proxy ? ((proxyAfter.cpuSeconds - proxyBefore.cpuSeconds) / elapsed) * 100 : null,
    benchCpuPercent: ((bench.user + bench.system) / 1e6 / elapsed) * 100,
    publishesPerUpdate: perUpdate('updates'),
    publishBytesPerUpdate: perUpdate('updateBytes'),
    busMessagesPerUpdate: perUpdate('all'),
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
  'workload                                 setup                    clients  edits  edits/s  receipts (of)          p50 ms   p99 ms  CPU % per process     RSS MB per process  CPU ms/edit  proxy %  bench %  pub/upd  pub B/upd  bus msg/upd',
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
      )} ${f(r.cpuMsPerEdit, 2).padStart(11)} ${f(r.proxyCpuPercent, 0).padStart(7)} ${f(r.benchCpuPercent, 0).padStart(8)} ${f(r.publishesPerUpdate, 2).padStart(8)} ${f(r.publishBytesPerUpdate, 0).padStart(10)} ${f(r.busMessagesPerUpdate, 2).padStart(12)}`,
  )
}
// The owner's fan-out: what it publishes per stored update, whatever the
// number of processes and observers (at most 1: a batch of updates stored
// together goes out as one message).
const publishes = (r: Result) =>
  r.publishesPerUpdate === null
    ? ''
    : `; the owners published ${f(r.publishesPerUpdate, 2)} messages (${f(r.publishBytesPerUpdate, 0)} bytes) per stored update for ${r.clients} clients (goal ≤ 1: ${(r.publishesPerUpdate ?? 2) <= 1 ? 'met' : 'missed'})`
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
      `${label}, ${r.setup}: ${vsSqlite}${vsOne}${key === 'b' ? `; p99 < 100 ms: ${r.p99 < 100 ? 'met' : 'missed'}` : ''}${publishes(r)}`,
    )
  }
}
if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2))
