import { fork } from 'node:child_process'
import { type PoolFailure, type PoolOptions, type TaskRunner, workerEntry } from './pool'
import type { Task, TaskResults } from './tasks'

/** Runs each task in a child process of its own with a heap limit
 *  (`--max-old-space-size`), a few at once. Imports run so: a file that
 *  needs more memory than allowed ends its process, never the server. (A
 *  worker thread's `resourceLimits` usually ends just the thread, but V8
 *  can still abort the whole process when the limit is hit mid-allocation,
 *  which a test reproduced.) */
export class ProcessPool implements TaskRunner {
  private running = 0
  private readonly waiting: (() => void)[] = []
  private readonly children = new Set<ReturnType<typeof fork>>()
  private closed = false

  constructor(private readonly options: PoolOptions) {}

  /** Runs a task: its result, or a PoolFailure (`out-of-memory` when its
   *  process ran out of heap, `busy` when too many are waiting). Any other
   *  end of the process (a bug) is thrown. */
  async run<K extends Task['kind']>(task: Extract<Task, { kind: K }>): Promise<TaskResults[K] | PoolFailure> {
    if (this.closed) return { ok: false, code: 'busy' }
    if (this.running >= Math.max(1, this.options.threads)) {
      if (this.waiting.length >= this.options.queue) return { ok: false, code: 'busy' }
      await new Promise<void>((resolve) => this.waiting.push(resolve))
      if (this.closed) return { ok: false, code: 'busy' }
    }
    this.running++
    try {
      return await this.spawn<K>(task)
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }

  private spawn<K extends Task['kind']>(task: Task): Promise<TaskResults[K] | PoolFailure> {
    const { file, execArgv } = workerEntry('child')
    const child = fork(file, [], {
      execArgv: [...execArgv, `--max-old-space-size=${this.options.memoryMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    this.children.add(child)
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString()
    })
    return new Promise((resolve, reject) => {
      let answered = false
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        child.kill('SIGKILL')
      }, this.options.timeoutMs)
      child.once('message', (result) => {
        answered = true
        resolve(result as TaskResults[K])
        child.kill()
      })
      child.once('error', reject)
      child.once('exit', (code, signal) => {
        clearTimeout(timer)
        this.children.delete(child)
        if (answered) return
        if (timedOut) resolve({ ok: false, code: 'timed-out' })
        else if (/heap out of memory|heap limit/i.test(stderr)) resolve({ ok: false, code: 'out-of-memory' })
        else if (this.closed) resolve({ ok: false, code: 'busy' })
        else reject(new Error(`the import process ended (${signal ?? `exit ${code}`}): ${stderr.slice(0, 500)}`))
      })
      child.send(task)
    })
  }

  /** Ends every process (tasks running or waiting answer `busy`). */
  async close(): Promise<void> {
    this.closed = true
    for (const wake of this.waiting.splice(0)) wake()
    for (const child of this.children) child.kill()
  }
}
