// The service rows of `npm run bench:server` (issue #16): how fast the
// built server starts and how much memory it holds idle, each against the
// way it ran before (TypeScript through tsx) and a bare Node HTTP server
// as the floor; and edits during a 30 s online backup against idle. The
// clients and the edit-to-receipt measurement are server.bench.ts's.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { median } from './timing'

const root = new URL('..', import.meta.url).pathname

/** One way of starting a server: a program, its arguments, and how its
 *  readiness line reads. */
interface Launch {
  name: string
  file: string
  args: string[]
  /** Started in a process group of its own (npm runs node under it). */
  group?: boolean
}

/** The ways compared, the built server first. */
export const launches: Launch[] = [
  { name: 'npm start (built server)', file: 'npm', args: ['start', '--silent'], group: true },
  { name: 'node bin/server.mjs (built)', file: process.execPath, args: [join(root, 'bin/server.mjs')] },
  {
    name: 'tsx server/main.ts (before)',
    file: process.execPath,
    args: [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const { runServer } = await import(${JSON.stringify(join(root, 'server/main.ts'))}); await runServer()`,
    ],
  },
  {
    name: 'bare node http server (floor)',
    file: process.execPath,
    args: [
      '-e',
      "require('http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port) })",
    ],
  },
]

/** What one start measured. */
export interface Start {
  /** From spawning the process to its "listening on" line, ms. */
  startMs: number
  /** Resident memory once it has listened and sat idle for `settleMs`. */
  rssMb: number
}

const rssOf = (pid: number) => (Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096) / 2 ** 20

/** Resolves with the time the child's output first matches `pattern`. */
function when(child: ChildProcess, pattern: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = ''
    const onData = (d: Buffer) => {
      out += d.toString()
      if (pattern.test(out)) resolve(performance.now())
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`exited (${code}) before listening:\n${out}`)))
  })
}

async function stopChild(child: ChildProcess, group: boolean): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  if (group && child.pid) process.kill(-child.pid, 'SIGTERM')
  else child.kill('SIGTERM')
  await exited
}

/** Starts `launch` once with `dataDir` and measures it. */
async function startOnce(launch: Launch, dataDir: string, settleMs: number): Promise<Start> {
  const began = performance.now()
  const child = spawn(launch.file, launch.args, {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: launch.group ?? false,
  })
  try {
    const listened = await when(child, /listening on http/)
    await new Promise((resolve) => setTimeout(resolve, settleMs))
    // Under npm the server is npm's child: its memory is the one that counts.
    const pid = launch.group ? serverPidUnder(child.pid ?? 0) : (child.pid ?? 0)
    return { startMs: listened - began, rssMb: rssOf(pid) }
  } finally {
    await stopChild(child, launch.group ?? false)
  }
}

/** The node process npm started (npm start runs `node bin/server.mjs`). */
function serverPidUnder(npmPid: number): number {
  const children = readFileSync(`/proc/${npmPid}/task/${npmPid}/children`, 'utf8').trim().split(/\s+/).map(Number)
  for (const pid of children) {
    const [program, ...args] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
    // Not the shell npm may run it through: the node process itself.
    if (program?.endsWith('node') && args.some((a) => a.endsWith('bin/server.mjs'))) return pid
    const deeper = serverPidUnder(pid)
    if (deeper) return deeper
  }
  return 0
}

/** Each way's median start-to-listening time and idle memory over `runs`
 *  restarts with a data directory already seeded (the first start, which
 *  seeds the sample negotiation, is not counted). Ways take turns, so load
 *  from elsewhere falls on all alike. */
export async function measureStarts(
  runs: number,
  settleMs = 1000,
): Promise<{ name: string; startMs: number; rssMb: number }[]> {
  const dirs = launches.map(() => mkdtempSync(join(tmpdir(), 'rt-bench-start-')))
  try {
    const starts: Start[][] = launches.map(() => [])
    for (const [i, launch] of launches.entries()) await startOnce(launch, dirs[i] ?? '', 0)
    for (let r = 0; r < runs; r++)
      for (const [i, launch] of launches.entries()) {
        console.error(`start: ${launch.name}, run ${r + 1} of ${runs} ...`)
        starts[i]?.push(await startOnce(launch, dirs[i] ?? '', settleMs))
      }
    return launches.map((launch, i) => ({
      name: launch.name,
      startMs: median((starts[i] ?? []).map((s) => s.startMs)),
      rssMb: median((starts[i] ?? []).map((s) => s.rssMb)),
    }))
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
}

/** An online backup that lasts `seconds`: one read snapshot of the database
 *  held open throughout (what copying a large database for that long holds,
 *  and what used to freeze edits behind the checkpointer), and the real
 *  `rolling-text backup DEST` run back to back meanwhile. Returns a stop
 *  function that resolves with how many backups completed. */
export function backupFor(dataDir: string): { stop(): Promise<{ backups: number; meanMs: number }> } {
  const reader = new Database(join(dataDir, 'rolling-text.sqlite'), { readonly: true })
  reader.exec('BEGIN')
  reader.prepare('SELECT count(*) FROM updates').get()
  let running = true
  const took: number[] = []
  const loop = (async () => {
    while (running) {
      const dest = mkdtempSync(join(tmpdir(), 'rt-bench-backup-'))
      const began = performance.now()
      const child = spawn(process.execPath, [join(root, 'bin/rolling-text.mjs'), 'backup', join(dest, 'b')], {
        env: { ...process.env, DATA_DIR: dataDir },
        stdio: ['ignore', 'ignore', 'inherit'],
      })
      const code = await new Promise((resolve) => child.once('exit', resolve))
      rmSync(dest, { recursive: true, force: true })
      if (code !== 0) throw new Error(`rolling-text backup exited ${code}`)
      took.push(performance.now() - began)
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      reader.exec('COMMIT')
      reader.close()
      return { backups: took.length, meanMs: took.reduce((a, b) => a + b, 0) / Math.max(1, took.length) }
    },
  }
}
