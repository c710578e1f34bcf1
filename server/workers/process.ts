import { type ChildProcess, fork } from 'node:child_process'
import { setPriority } from 'node:os'
import { type PoolFailure, type PoolOptions, type TaskRunner, workerEntry } from './pool'
import type { Task, TaskResults } from './tasks'

/** A child process of the pool, and what it last wrote on stderr (where V8
 *  says it ran out of heap). */
interface Slot {
  child: ChildProcess
  stderr: string
  idleTimer: NodeJS.Timeout | null
}

/** How long an idle process is kept for the next task. */
const idleMs = 30_000

/** Runs tasks in child processes with a heap limit (`--max-old-space-size`),
 *  one task at a time each, a few processes at once, kept for the next task
 *  while idle. Imports and renders run so: a task that needs more memory
 *  than allowed, or more time, ends its process, never the server. (A
 *  worker thread's `resourceLimits` usually ends just the thread, but V8
 *  can abort the whole process when the limit is hit mid-allocation, which
 *  a test reproduced.) */
export class ProcessPool implements TaskRunner {
  private running = 0
  private readonly waiting: (() => void)[] = []
  private readonly idle: Slot[] = []
  private readonly slots = new Set<Slot>()
  private closed = false

  constructor(private readonly options: PoolOptions) {}

  /** Runs a task: its result, or a PoolFailure (`out-of-memory` when its
   *  process ran out of heap, `timed-out` past the time limit, `busy` when
   *  too many are waiting). Any other end of the process (a bug) is thrown. */
  async run<K extends Task['kind']>(task: Extract<Task, { kind: K }>): Promise<TaskResults[K] | PoolFailure> {
    if (this.closed) return { ok: false, code: 'busy' }
    if (this.running >= Math.max(1, this.options.processes)) {
      if (this.waiting.length >= this.options.queue) return { ok: false, code: 'busy' }
      await new Promise<void>((resolve) => this.waiting.push(resolve))
      if (this.closed) return { ok: false, code: 'busy' }
    }
    this.running++
    try {
      return await this.runOn<K>(this.idle.pop() ?? this.spawn(), task)
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }

  private spawn(): Slot {
    const { file, execArgv } = workerEntry()
    const child = fork(file, [], {
      execArgv: [...execArgv, `--max-old-space-size=${this.options.memoryMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    // Below the server's priority: where cores are short, the rooms' sync
    // comes first and a render or an import takes what is left.
    if (child.pid !== undefined) lowerPriority(child.pid)
    const slot: Slot = { child, stderr: '', idleTimer: null }
    child.stderr?.on('data', (chunk: Buffer) => {
      if (slot.stderr.length < 4096) slot.stderr += chunk.toString()
    })
    child.once('exit', () => {
      if (slot.idleTimer) clearTimeout(slot.idleTimer)
      this.slots.delete(slot)
      const at = this.idle.indexOf(slot)
      if (at !== -1) this.idle.splice(at, 1)
    })
    this.slots.add(slot)
    return slot
  }

  private runOn<K extends Task['kind']>(slot: Slot, task: Task): Promise<TaskResults[K] | PoolFailure> {
    if (slot.idleTimer) clearTimeout(slot.idleTimer)
    slot.idleTimer = null
    slot.stderr = ''
    const { child } = slot
    child.ref()
    child.channel?.ref()
    return new Promise((resolve, reject) => {
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        child.kill('SIGKILL')
      }, this.options.timeoutMs)
      const settle = () => {
        clearTimeout(timer)
        child.off('message', answered)
        child.off('exit', ended)
        child.off('error', reject)
      }
      const answered = (result: unknown) => {
        settle()
        resolve(result as TaskResults[K])
        this.release(slot)
      }
      const ended = (code: number | null, signal: NodeJS.Signals | null) => {
        settle()
        if (timedOut) resolve({ ok: false, code: 'timed-out' })
        else if (/heap out of memory|heap limit/i.test(slot.stderr)) resolve({ ok: false, code: 'out-of-memory' })
        else if (this.closed) resolve({ ok: false, code: 'busy' })
        else reject(new Error(`a worker process ended (${signal ?? `exit ${code}`}): ${slot.stderr.slice(0, 500)}`))
      }
      child.on('message', answered)
      child.on('exit', ended)
      child.on('error', reject)
      child.send(task)
    })
  }

  // Kept for the next task, until it has been idle a while.
  private release(slot: Slot): void {
    if (this.closed) {
      slot.child.kill()
      return
    }
    slot.idleTimer = setTimeout(() => slot.child.kill(), idleMs)
    slot.idleTimer.unref()
    // An idle process never keeps this one alive (a command that is done exits).
    slot.child.unref()
    slot.child.channel?.unref()
    this.idle.push(slot)
  }

  /** Ends every process (tasks running or waiting answer `busy`). */
  async close(): Promise<void> {
    this.closed = true
    for (const wake of this.waiting.splice(0)) wake()
    for (const slot of this.slots) slot.child.kill()
  }
}

/** How much lower than the server a worker process runs (a nice value). */
const workerNice = 10

function lowerPriority(pid: number): void {
  try {
    setPriority(pid, workerNice)
  } catch {
    // A system that refuses it leaves the process at the server's priority.
  }
}
