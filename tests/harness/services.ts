import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Where Debian's PostgreSQL 15 keeps its server binaries. */
export const postgresBin = '/usr/lib/postgresql/15/bin'

/** The PostgreSQL and Redis URLs `.ci/run` exports, or null. Tests that need
 *  one skip loudly without it, and fail instead under CI. */
export function serviceUrl(name: 'TEST_DATABASE_URL' | 'TEST_REDIS_URL'): string | null {
  const url = process.env[name]
  if (url) return url
  if (process.env.CI) throw new Error(`${name} is not set: .ci/run starts PostgreSQL and Redis; CI must not skip`)
  console.warn(`\n*** ${name} is not set: skipping the tests that need it (.ci/run sets it) ***\n`)
  return null
}

/** Whether this machine can start its own PostgreSQL and Redis (for tests
 *  that restart them); skips loudly, or fails under CI, when it cannot. */
export function canStartServices(): boolean {
  const ok = existsSync(join(postgresBin, 'pg_ctl')) && existsSync('/usr/bin/redis-server')
  if (ok) return true
  if (process.env.CI) throw new Error('postgresql-15 and redis-server must be installed under CI')
  console.warn('\n*** PostgreSQL 15 or redis-server is not installed: skipping the restart tests ***\n')
  return false
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

// PostgreSQL refuses to run as root: there it runs as the postgres user.
const asPostgres = (cmd: string, args: string[]): [string, string[]] =>
  process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]

/** A throwaway PostgreSQL cluster in a temporary directory on a loopback port,
 *  which tests may stop (as by a crash), start again and finally remove. */
export class TestPostgres {
  readonly dir: string
  readonly url: string

  private constructor(
    readonly port: number,
    dir: string,
  ) {
    this.dir = dir
    this.url = `postgres://rt@127.0.0.1:${port}/rt`
  }

  /** initdb, start, and create the `rt` role and database. */
  static async start(): Promise<TestPostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'rt-pg-'))
    chmodSync(dir, 0o777)
    const pg = new TestPostgres(await freePort(), dir)
    pg.run('initdb', ['-D', pg.data, '-U', 'rt', '--auth=trust', '-E', 'UTF8', '--no-sync'])
    pg.startServer()
    pg.run('createdb', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'rt', 'rt'])
    return pg
  }

  private get data(): string {
    return join(this.dir, 'data')
  }

  private run(tool: string, args: string[]): void {
    const [cmd, full] = asPostgres(join(postgresBin, tool), args)
    execFileSync(cmd, full, { stdio: 'pipe' })
  }

  /** Starts the server and waits until it accepts connections. */
  startServer(): void {
    const options = `-c listen_addresses=127.0.0.1 -p ${this.port} -c unix_socket_directories=${this.dir} -c fsync=off`
    this.run('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'log'), '-o', options, '-w', 'start'])
  }

  /** Stops the server the hard way (`immediate`: like a crash, no checkpoint). */
  stopServer(): void {
    this.run('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop'])
  }

  /** Stops the server and removes its files. */
  remove(): void {
    try {
      this.stopServer()
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** A throwaway Redis on a loopback port, without persistence. */
export class TestRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'rt-redis-'))
  private child: ChildProcess | null = null

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  static async start(): Promise<TestRedis> {
    const redis = new TestRedis(await freePort())
    await redis.startServer()
    return redis
  }

  /** Starts redis-server and waits for it to be ready. */
  startServer(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ]
    const child = spawn('/usr/bin/redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    this.child = child
    return new Promise((resolve, reject) => {
      let output = ''
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        if (output.includes('Ready to accept connections')) resolve()
      })
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)))
    })
  }

  /** kill -9, and wait for it to be gone. */
  async kill(): Promise<void> {
    const child = this.child
    this.child = null
    if (!child || child.exitCode !== null) return
    const gone = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await gone
  }

  async remove(): Promise<void> {
    await this.kill()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
