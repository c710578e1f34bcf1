// npm run bench:server [-- --clients 50,200 --seconds 30 --rounds 3 --durability normal|full --json FILE --profile DIR
//                          --no-attack --no-service --starts 5 --backup-seconds 30 --backup-clients 50
//                          --no-exports --export-clients 50 --export-clauses 5000 --attack-clients 50]
//
// N real y-websocket clients in one room, each making one edit a second
// (spread evenly), against (a) the rolling-text server, which checks tokens
// and roles and stores every update in SQLite before relaying it, (b)
// @y/websocket-server@0.1.1 with no auth and no storage, the baseline, and
// (c) the same baseline storing every update in SQLite before relaying it
// (what durability alone costs). Measures the time
// from an edit to its arrival at every other client (p50, p99), the server
// process's CPU and memory (from /proc), and the store's size.
import { present } from '../shared/present'
import { textRoot } from '../shared/protocol/rooms'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import { prosemirrorToYXmlFragment } from 'y-prosemirror'
import * as Y from 'yjs'
import { sampleDocument } from '../server/negotiations/create'
import { withClauseIds } from '../shared/schema/ids'
import { backupFor, measureStarts } from './service'
import { connectAll, percentile, processStats, Receipts, scheduleEdits, sleep, ThinClient, waitForOutput } from './load'

// Every provider adds a process 'exit' listener.
process.setMaxListeners(0)

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50,200' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    json: { type: 'string' },
    /** The rolling-text server's DURABILITY: normal (default) or full. */
    durability: { type: 'string', default: 'normal' },
    /** Write a V8 CPU profile of the rolling-text server into this directory. */
    profile: { type: 'string' },
    /** Skip the "under attack" row (50 clients while observers flood). */
    'no-attack': { type: 'boolean', default: false },
    /** Skip the service rows (start, idle memory, during a backup). */
    'no-service': { type: 'boolean', default: false },
    /** Restarts per way of starting the server (start-to-listening, idle memory). */
    starts: { type: 'string', default: '5' },
    /** How long the online backup lasts (and the idle window before it). */
    'backup-seconds': { type: 'string', default: '30' },
    /** Editing clients during the backup row. */
    'backup-clients': { type: 'string', default: '50' },
    /** Skip the "during exports" row (edits while an observer loops Word exports). */
    'no-exports': { type: 'boolean', default: false },
    /** Editing clients of the "during exports" row, and the clauses of the text exported. */
    'export-clients': { type: 'string', default: '50' },
    'export-clauses': { type: 'string', default: '5000' },
    /** Editing clients of the "under attack" row. */
    'attack-clients': { type: 'string', default: '50' },
  },
})
const sizes = values.clients.split(',').map(Number)
const seconds = Number(values.seconds)
const warmupSeconds = Number(values.warmup)
const rounds = Number(values.rounds)
const root = new URL('..', import.meta.url).pathname

interface ServerUnderTest {
  name: string
  child: ChildProcess
  wsUrl: string
  room: string
  token: string | null
  dataDir: string | null
  /** The SQLite file its updates go to, if it stores them. */
  storeFile: string | null
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

async function startRollingText(): Promise<ServerUnderTest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rt-bench-'))
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []
  const child = spawn(process.execPath, [...profile, join(root, 'bin/server.mjs')], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', DURABILITY: values.durability },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const [, url, linkFile] = await waitForOutput(
    child,
    /listening on (http:\/\/[\d.]+:\d+)[\s\S]*the first chair link is in (\S+)/,
  )
  const chair = decodeURIComponent(/[?#]token=([^&\s]+)/.exec(readFileSync(linkFile, 'utf8'))?.[1] ?? '')
  const [negotiation] = (await (
    await fetch(`${url}/api/negotiations`, { headers: { authorization: `Bearer ${chair}` } })
  ).json()) as { id: string }[]
  return {
    name: values.durability === 'full' ? 'rolling-text (durability full)' : 'rolling-text',
    child,
    wsUrl: `${url.replace('http', 'ws')}/sync`,
    room: negotiation.id,
    token: chair,
    dataDir,
    storeFile: join(dataDir, 'rolling-text.sqlite'),
  }
}

/** The baseline as its package runs it, or (durable) with every update
 *  appended to SQLite before it is relayed (bench/baseline-durable.mjs). */
async function startBaseline(durable: boolean): Promise<ServerUnderTest> {
  const port = await freePort()
  const dataDir = durable ? mkdtempSync(join(tmpdir(), 'rt-bench-baseline-')) : null
  const script = durable
    ? join(root, 'bench/baseline-durable.mjs')
    : join(root, 'node_modules/@y/websocket-server/src/server.js')
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...(dataDir ? { DATA_DIR: dataDir } : {}) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await waitForOutput(child, /running at/)
  const name = durable ? 'baseline + SQLite append' : '@y/websocket-server@0.1.1'
  return {
    name,
    child,
    wsUrl: `ws://127.0.0.1:${port}`,
    room: 'bench',
    token: null,
    dataDir,
    storeFile: dataDir && join(dataDir, 'baseline.sqlite'),
  }
}

function dirSize(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0)
}

/** A seeding client for the empty baseline room (stays connected: the
 *  baseline forgets a room when its last client leaves). */
async function seedBaseline(server: ServerUnderTest): Promise<() => void> {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(server.wsUrl, server.room, doc, {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
  })
  await new Promise<void>((r) => provider.once('sync', () => r()))
  prosemirrorToYXmlFragment(withClauseIds(sampleDocument().doc), doc.getXmlFragment(textRoot))
  return () => {
    provider.destroy()
    doc.destroy()
  }
}

interface Result {
  server: string
  clients: number
  edits: number
  samples: number
  expectedSamples: number
  p50: number
  p99: number
  max: number
  serverCpuPercent: number
  /** CPU of the benchmark's own process (the clients): near 100 means the
   *  clients, not the server, set the pace. */
  benchCpuPercent: number
  serverRssMb: number
  storeMb: number | null
  storedUpdates: number | null
}

/** What one measured round against one server collected. */
interface Round {
  latencies: Float64Array
  edits: number
  expectedSamples: number
  serverCpuSeconds: number
  benchCpuSeconds: number
  elapsed: number
  peakRss: number
}

const issued = new Map<ServerUnderTest, string[]>()

/** Editor invitations for n clients of rolling-text (the baselines take none). */
async function clientTokens(server: ServerUnderTest, n: number): Promise<(string | null)[]> {
  if (!server.token) return []
  const have = issued.get(server) ?? []
  const httpUrl = server.wsUrl.replace(/^ws/, 'http').replace(/\/sync$/, '')
  while (have.length < n) {
    const res = await fetch(`${httpUrl}/api/negotiations/${server.room}/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'editor', name: `Client ${have.length + 1}` }),
    })
    have.push(((await res.json()) as { token: string }).token)
  }
  issued.set(server, have)
  return have
}

/** Connects n clients, lets them edit for the warm-up, then measures for
 *  `duration` seconds. Edits are issued on schedule (n a second, evenly
 *  spread) even when timers fire late, so a slow moment cannot lower the load. */
async function measure(server: ServerUnderTest, n: number, duration: number): Promise<Round> {
  const receipts = new Receipts()
  // Each client has an invitation of its own, as each person does (one
  // invitation holds a bounded number of connections and sync requests).
  const tokens = await clientTokens(server, n)
  const clients = await connectAll(
    n,
    (i) => {
      const token = tokens[i] ?? server.token
      return new ThinClient(`${server.wsUrl}/${server.room}`, receipts.onReceipt, {
        edits: true,
        presence: true,
        ...(token ? { token } : {}),
      })
    },
    25,
  )
  const edits = scheduleEdits(clients, n, receipts)
  await sleep(warmupSeconds * 1000)
  const pid = present(server.child.pid, "the server's pid")
  const before = processStats(pid)
  const benchBefore = process.cpuUsage()
  receipts.measuring = true
  let peakRss = before.rssBytes
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, processStats(pid).rssBytes)
  }, 500)
  const start = performance.now()
  await sleep(duration * 1000)
  edits.stop()
  const elapsed = (performance.now() - start) / 1000
  const after = processStats(pid)
  const bench = process.cpuUsage(benchBefore)
  await sleep(1000) // the last edits arrive
  receipts.measuring = false
  clearInterval(sampler)
  for (const c of clients) c.close()
  return {
    latencies: receipts.sorted(),
    edits: receipts.edits,
    expectedSamples: receipts.edits * (n - 1),
    serverCpuSeconds: after.cpuSeconds - before.cpuSeconds,
    benchCpuSeconds: (bench.user + bench.system) / 1e6,
    elapsed,
    peakRss,
  }
}

function summarize(server: ServerUnderTest, n: number, rounds: Round[], storedUpdates: number | null): Result {
  const all = new Float64Array(rounds.reduce((k, r) => k + r.latencies.length, 0))
  let at = 0
  for (const r of rounds) {
    all.set(r.latencies, at)
    at += r.latencies.length
  }
  all.sort()
  const elapsed = rounds.reduce((k, r) => k + r.elapsed, 0)
  return {
    server: server.name,
    clients: n,
    edits: rounds.reduce((k, r) => k + r.edits, 0),
    samples: all.length,
    expectedSamples: rounds.reduce((k, r) => k + r.expectedSamples, 0),
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    max: all[all.length - 1] ?? NaN,
    serverCpuPercent: (rounds.reduce((k, r) => k + r.serverCpuSeconds, 0) / elapsed) * 100,
    benchCpuPercent: (rounds.reduce((k, r) => k + r.benchCpuSeconds, 0) / elapsed) * 100,
    serverRssMb: Math.max(...rounds.map((r) => r.peakRss)) / 2 ** 20,
    storeMb: server.dataDir ? dirSize(server.dataDir) / 2 ** 20 : null,
    storedUpdates,
  }
}

function storedUpdates(storeFile: string): number {
  const db = new Database(storeFile, { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM updates').get() as { n: number }).n
  } finally {
    db.close()
  }
}

async function stop(server: ServerUnderTest) {
  server.child.kill('SIGTERM')
  await new Promise((r) => server.child.once('exit', r))
  if (server.dataDir) rmSync(server.dataDir, { recursive: true, force: true })
}

// The servers run side by side; rounds take them in turn, each round
// starting with the next, so load from anything else on the machine falls on
// all alike.
const results: Result[] = []
for (const n of sizes) {
  const servers = [await startRollingText(), await startBaseline(false), await startBaseline(true)]
  const unseed = await Promise.all(servers.slice(1).map(seedBaseline))
  const collected = new Map<ServerUnderTest, Round[]>(servers.map((s) => [s, []]))
  for (let r = 0; r < rounds; r++) {
    for (const server of [...servers.slice(r % servers.length), ...servers.slice(0, r % servers.length)]) {
      console.error(`${server.name}: ${n} clients, round ${r + 1} of ${rounds} (${seconds / rounds} s) ...`)
      present(collected.get(server), 'the rounds of a server').push(await measure(server, n, seconds / rounds))
    }
  }
  for (const u of unseed) u()
  for (const server of servers) {
    results.push(
      summarize(
        server,
        n,
        present(collected.get(server), 'the rounds of a server'),
        server.storeFile ? storedUpdates(server.storeFile) : null,
      ),
    )
    await stop(server)
  }
}

/** Observer tokens (and one for exports) issued by the chair. */
async function observerTokens(server: ServerUnderTest, count: number): Promise<string[]> {
  const httpUrl = server.wsUrl.replace(/^ws/, 'http').replace(/\/sync$/, '')
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${httpUrl}/api/negotiations/${server.room}/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'observer', name: `Attacker ${i + 1}` }),
    })
    out.push(((await res.json()) as { token: string }).token)
  }
  return out
}

// The "under attack" row: 50 editing clients against rolling-text, measured
// quiet and then while 4 observers (10 sockets each) replay SyncStep1 with an
// empty state vector and flood presence, reconnecting whenever refused, and
// a fifth loops Word exports; the attackers run in a process of their own.
const attack: { quiet: Result; attacked: Result; attackers: string } | null = await (async () => {
  if (values['no-attack']) return null
  const n = Number(values['attack-clients'])
  const server = await startRollingText()
  const quiet: Round[] = []
  const attacked: Round[] = []
  const [exportToken, ...tokens] = await observerTokens(server, 5)
  const httpUrl = server.wsUrl.replace(/^ws/, 'http').replace(/\/sync$/, '')
  for (let r = 0; r < rounds; r++) {
    console.error(`rolling-text: ${n} clients quiet, round ${r + 1} of ${rounds} ...`)
    quiet.push(await measure(server, n, seconds / rounds))
  }
  const attackers = spawn(
    process.execPath,
    [
      join(root, 'bin/run-ts.mjs'),
      join(root, 'bench/attackers.ts'),
      server.wsUrl,
      server.room,
      httpUrl,
      String(exportToken),
      ...tokens,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let report = ''
  attackers.stdout?.on('data', (d: Buffer) => {
    report += d.toString()
  })
  await sleep(2000)
  for (let r = 0; r < rounds; r++) {
    console.error(`rolling-text: ${n} clients under attack, round ${r + 1} of ${rounds} ...`)
    attacked.push(await measure(server, n, seconds / rounds))
  }
  attackers.kill('SIGTERM')
  await new Promise((done) => attackers.once('exit', done))
  const result = {
    quiet: summarize(server, n, quiet, null),
    attacked: { ...summarize(server, n, attacked, null), server: 'rolling-text under attack' },
    attackers: report.trim(),
  }
  await stop(server)
  return result
})()
if (attack) results.push(attack.quiet, attack.attacked)

/** A negotiation of `clauses` clauses, with brackets and alternatives
 *  (uploaded as a text file, as a chair adds one), and an observer's
 *  invitation to it. */
async function bigNegotiation(server: ServerUnderTest, clauses: number): Promise<{ id: string; observer: string }> {
  const httpUrl = server.wsUrl.replace(/^ws/, 'http').replace(/\/sync$/, '')
  const lines = ['# I. Provisions']
  for (let i = 1; i <= clauses; i++)
    lines.push(`${i}. States [shall][should] report on measure ${i} [annually][every two years] to the Group.`)
  const auth = { authorization: `Bearer ${server.token}` }
  const created = await fetch(`${httpUrl}/api/negotiations?filename=big.txt&title=${clauses}%20clauses`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/plain' },
    body: `${lines.join('\n')}\n`,
  })
  const { id } = (await created.json()) as { id: string }
  const invited = await fetch(`${httpUrl}/api/negotiations/${id}/invitations`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'observer', name: 'Exporter' }),
  })
  return { id, observer: ((await invited.json()) as { token: string }).token }
}

// The "during exports" row: edits in one negotiation, idle and then while an
// observer loops Word exports of another of 5,000 clauses (in a process of
// its own). Exports render in the worker processes, so the edits' p99 should
// stay within 2× of idle (issue #16 point 7; before, each export held the
// event loop 1.2 s).
const exporting = await (async () => {
  if (values['no-exports']) return null
  const n = Number(values['export-clients'])
  const server = await startRollingText()
  const big = await bigNegotiation(server, Number(values['export-clauses']))
  const idle: Round[] = []
  const during: Round[] = []
  for (let r = 0; r < rounds; r++) {
    console.error(`rolling-text: ${n} clients idle, round ${r + 1} of ${rounds} ...`)
    idle.push(await measure(server, n, seconds / rounds))
  }
  const httpUrl = server.wsUrl.replace(/^ws/, 'http').replace(/\/sync$/, '')
  const exporter = spawn(
    process.execPath,
    [join(root, 'bin/run-ts.mjs'), join(root, 'bench/exporter.ts'), httpUrl, big.id, big.observer],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let report = ''
  exporter.stdout?.on('data', (d: Buffer) => {
    report += d.toString()
  })
  await sleep(2000)
  for (let r = 0; r < rounds; r++) {
    console.error(`rolling-text: ${n} clients during exports, round ${r + 1} of ${rounds} ...`)
    during.push(await measure(server, n, seconds / rounds))
  }
  exporter.kill('SIGTERM')
  await new Promise((done) => exporter.once('exit', done))
  const result = {
    idle: { ...summarize(server, n, idle, null), server: 'rolling-text before exports' },
    during: { ...summarize(server, n, during, null), server: 'rolling-text during exports' },
    exporter: report.trim(),
    clauses: Number(values['export-clauses']),
  }
  await stop(server)
  return result
})()
if (exporting) results.push(exporting.idle, exporting.during)

// The service rows: start-to-listening and idle memory of the built server
// against tsx and a bare Node server; then edits while an online backup runs
// for 30 s, against the same clients idle just before.
const service = await (async () => {
  if (values['no-service']) return null
  const starts = await measureStarts(Number(values.starts))
  const n = Number(values['backup-clients'])
  const window = Number(values['backup-seconds'])
  const server = await startRollingText()
  console.error(`rolling-text: ${n} clients idle (${window} s) ...`)
  const idle = {
    ...summarize(server, n, [await measure(server, n, window)], null),
    server: 'rolling-text before backup',
  }
  console.error(`rolling-text: ${n} clients during a ${window} s online backup ...`)
  const backup = backupFor(present(server.dataDir, "rolling-text's data directory"))
  const during = {
    ...summarize(server, n, [await measure(server, n, window)], null),
    server: 'rolling-text during backup',
  }
  const backups = await backup.stop()
  await stop(server)
  return { starts, idle, during, backups, window }
})()
if (service) results.push(service.idle, service.during)

const f = (x: number | null | undefined, d = 1) =>
  x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(d)
console.log(
  `\nEdit-to-remote-receipt latency: one edit per client per second, ${seconds} s per server in ${rounds} alternating rounds (loopback, ${process.platform}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)})\n`,
)
console.log(
  'server                       clients  edits  receipts (of)         p50 ms   p99 ms   max ms  CPU %  RSS MB  store MB  stored  bench CPU %',
)
for (const r of results) {
  console.log(
    `${r.server.padEnd(28)} ${String(r.clients).padStart(7)} ${String(r.edits).padStart(6)} ${`${r.samples} (${r.expectedSamples})`.padStart(20)} ${f(r.p50, 2).padStart(8)} ${f(r.p99, 2).padStart(8)} ${f(r.max, 1).padStart(8)} ${f(r.serverCpuPercent, 0).padStart(6)} ${f(r.serverRssMb, 0).padStart(7)} ${f(r.storeMb, 2).padStart(9)} ${String(r.storedUpdates ?? 'n/a').padStart(7)} ${f(r.benchCpuPercent, 0).padStart(12)}`,
  )
}
console.log('')
for (const n of sizes) {
  // The attack rows come last: the first three for n are the servers side by side.
  const [o, b, d] = results.filter((r) => r.clients === n)
  console.log(
    `${n} clients: p99 ${f(o.p99, 2)} ms vs baseline ${f(b.p99, 2)} ms, ratio ${(o.p99 / b.p99).toFixed(2)} (target ≤ 1.2)${n >= 200 ? `; p99 < 50 ms: ${o.p99 < 50 ? 'met' : 'missed'}` : ''}`,
  )
  console.log(
    `  the baseline storing each update first: p99 ${f(d.p99, 2)} ms, ratio ${(d.p99 / b.p99).toFixed(2)} to the baseline; rolling-text to it: ${(o.p99 / d.p99).toFixed(2)}`,
  )
}
if (attack) {
  const { quiet: q, attacked: a } = attack
  console.log(
    `under attack (${q.clients} clients; 4 observers replaying SyncStep1 and flooding presence, 1 looping exports): p99 ${f(a.p99, 2)} ms vs ${f(q.p99, 2)} ms quiet, ratio ${(a.p99 / q.p99).toFixed(2)} (goal ≤ 2); peak RSS ${f(a.serverRssMb, 0)} MB vs ${f(q.serverRssMb, 0)} MB quiet; receipts ${a.samples} of ${a.expectedSamples}`,
  )
  console.log(`  attackers: ${attack.attackers || 'no report'}`)
}
if (exporting) {
  const { idle: i, during: d } = exporting
  console.log(
    `p99 during exports (${i.clients} clients; an observer looping Word exports of a ${exporting.clauses}-clause text): p99 ${f(d.p99, 2)} ms vs ${f(i.p99, 2)} ms idle, ratio ${(d.p99 / i.p99).toFixed(2)} (goal ≤ 2); peak RSS ${f(d.serverRssMb, 0)} MB vs ${f(i.serverRssMb, 0)} MB idle; receipts ${d.samples} of ${d.expectedSamples}`,
  )
  console.log(`  exporter: ${exporting.exporter || 'no report'}`)
}
if (service) {
  const { starts, idle, during, backups, window } = service
  console.log('')
  console.log(`Service (median of ${values.starts} restarts, data directory seeded; RSS 1 s after listening)`)
  console.log('way of starting                  start ms   RSS MB')
  for (const s of starts)
    console.log(`${s.name.padEnd(32)} ${f(s.startMs, 0).padStart(8)} ${f(s.rssMb, 0).padStart(8)}`)
  const [npm, built, tsx, floor] = starts
  console.log(
    `start to listening: npm start ${f(npm?.startMs, 0)} ms (the server itself ${f(built?.startMs, 0)} ms) vs tsx ${f(tsx?.startMs, 0)} ms, ratio ${((built?.startMs ?? NaN) / (tsx?.startMs ?? NaN)).toFixed(2)}; floor ${f(floor?.startMs, 0)} ms`,
  )
  console.log(
    `during a ${window} s online backup (${idle.clients} clients; one snapshot held ${window} s, rolling-text backup run ${backups.backups} times, ${f(backups.meanMs, 0)} ms each): p99 ${f(during.p99, 2)} ms vs ${f(idle.p99, 2)} ms idle, ratio ${(during.p99 / idle.p99).toFixed(2)}; p99 < 50 ms: ${during.p99 < 50 ? 'met' : 'missed'}; max ${f(during.max, 1)} ms; receipts ${during.samples} of ${during.expectedSamples}`,
  )
}

// The figures table of the README, in its shape (the lead pastes it from a full run).
console.log('\n| figure | rolling-text | against (same run) |')
console.log('| --- | --- | --- |')
if (service) {
  const [npm, built, tsx, floor] = service.starts
  console.log(
    `| start to listening | ${f(npm?.startMs, 0)} ms (\`npm start\`), ${f(built?.startMs, 0)} ms (\`node bin/server.mjs\`) | ${f(tsx?.startMs, 0)} ms through tsx (before); ${f(floor?.startMs, 0)} ms a bare Node server |`,
  )
  console.log(
    `| idle memory (RSS, sample seeded) | ${f(built?.rssMb, 0)} MB | ${f(tsx?.rssMb, 0)} MB through tsx; ${f(floor?.rssMb, 0)} MB a bare Node server |`,
  )
  console.log(
    `| edit-to-receipt p99 during a ${service.window} s online backup (${service.idle.clients} clients) | ${f(service.during.p99, 2)} ms | ${f(service.idle.p99, 2)} ms idle (×${(service.during.p99 / service.idle.p99).toFixed(2)}) |`,
  )
}
if (exporting)
  console.log(
    `| edit-to-receipt p99 during exports (${exporting.idle.clients} clients, Word exports of ${exporting.clauses} clauses looping) | ${f(exporting.during.p99, 2)} ms | ${f(exporting.idle.p99, 2)} ms idle (×${(exporting.during.p99 / exporting.idle.p99).toFixed(2)}) |`,
  )
if (attack)
  console.log(
    `| edit-to-receipt p99 under attack (${attack.quiet.clients} clients) | ${f(attack.attacked.p99, 2)} ms | ${f(attack.quiet.p99, 2)} ms quiet (×${(attack.attacked.p99 / attack.quiet.p99).toFixed(2)}) |`,
  )
for (const n of sizes) {
  const [o, b] = results.filter((r) => r.clients === n)
  if (o && b)
    console.log(
      `| edit-to-receipt p99, ${n} clients | ${f(o.p99, 2)} ms | ${f(b.p99, 2)} ms @y/websocket-server (×${(o.p99 / b.p99).toFixed(2)}) |`,
    )
}
if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2))
process.exit(0)
