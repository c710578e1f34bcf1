import { present } from '../../shared/present'
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { until, Wakeups } from './events'

const serverBin = fileURLToPath(new URL('../../bin/server.mjs', import.meta.url))

/** How to start the server: a program and its arguments, by default
 *  `node bin/server.mjs`. A `detached` one gets a process group of its own,
 *  so that `kill` reaches its children too (`npm start` runs node). */
export interface Launch {
  file: string
  args: string[]
  cwd?: string
  detached?: boolean
}

/** The server as a child process (the built server users run), for tests
 *  that start it as users do or kill it. Its output is collected so a
 *  failure can show it. */
export class ServerProcess {
  readonly child: ChildProcess
  output = ''
  exited: { code: number | null; signal: NodeJS.Signals | null } | null = null
  private readonly wakeups = new Wakeups()

  constructor(
    env: Record<string, string>,
    private readonly launch: Launch = { file: process.execPath, args: [serverBin] },
  ) {
    this.child = spawn(launch.file, launch.args, {
      env: { ...process.env, HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(launch.cwd ? { cwd: launch.cwd } : {}),
      detached: launch.detached === true,
    })
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString()
      this.notify()
    }
    present(this.child.stdout).on('data', collect)
    present(this.child.stderr).on('data', collect)
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal }
      this.notify()
    })
  }

  private notify() {
    this.wakeups.notify()
  }
  private readonly subscribe = this.wakeups.subscribe

  /** Resolves with the URL once the server listens. */
  listening(): Promise<string> {
    return until(
      () => {
        if (this.exited) throw new Error(`server exited early:\n${this.output}`)
        return /listening on (http:\/\/[\d.]+:\d+)/.exec(this.output)?.[1]
      },
      this.subscribe,
      `${this.launch.args.join(' ')} to listen; it said:\n${this.output}`,
      30_000,
    )
  }

  /** Resolves once the output matches `pattern`. */
  printed(pattern: RegExp, label: string, timeoutMs = 10_000): Promise<string> {
    return until(() => pattern.exec(this.output)?.[0], this.subscribe, label, timeoutMs)
  }

  /** The token of the chair link a first start leaves in DATA_DIR/chair-link.txt. */
  async chairToken(): Promise<string> {
    const file = await until(
      () => /the first chair link is in (\S+)/.exec(this.output)?.[1],
      this.subscribe,
      'the chair link',
    )
    const link = readFileSync(file, 'utf8')
    return decodeURIComponent(/[?#]token=([^&\s]+)/.exec(link)?.[1] ?? '')
  }

  /** kill -9 (or `signal`), and wait for it to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.exited) return
    const pid = this.child.pid
    if (this.launch.detached && pid) process.kill(-pid, signal)
    else this.child.kill(signal)
    await until(() => this.exited, this.subscribe, 'the server to exit')
  }
}
