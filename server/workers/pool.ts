import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Piscina } from 'piscina'
import type { Task, TaskResults } from './tasks'

/** How a pool of worker threads runs. */
export interface PoolOptions {
  /** Heap of each thread (`resourceLimits.maxOldGenerationSizeMb`): a task
   *  that needs more ends its thread, and the pool starts another. */
  memoryMb: number
  /** Threads at most; none run until the first task, and idle ones end. */
  threads: number
  /** Tasks waiting for a thread at most; past it a task is refused (`busy`). */
  queue: number
  /** How long a task may run: then its thread or process is ended (`timed-out`). */
  timeoutMs: number
}

/** A task that did not complete: its thread ran out of memory or time, or
 *  too many were waiting already. */
export type PoolFailure = { ok: false; code: 'out-of-memory' | 'timed-out' | 'busy' }

const fromSources = import.meta.url.endsWith('.ts')

/** The entry of a worker thread (`worker`) or process (`child`), and the
 *  Node options it needs. From the bundle (dist/server) it is the built
 *  file beside this code (bin/build.mjs builds both); from the TypeScript
 *  sources (tests, `npm run dev`) it is the .ts file, run through tsx, a
 *  development dependency. */
export function workerEntry(kind: 'worker' | 'child'): { file: string; execArgv: string[] } {
  const file = fileURLToPath(new URL(`./${kind}.${fromSources ? 'ts' : 'js'}`, import.meta.url))
  const tsx = () => pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href
  return { file, execArgv: fromSources ? ['--import', tsx()] : [] }
}

/** What runs tasks: threads (WorkerPool) or processes (ProcessPool). */
export interface TaskRunner {
  run<K extends Task['kind']>(task: Extract<Task, { kind: K }>): Promise<TaskResults[K] | PoolFailure>
  close(): Promise<void>
}

/** Worker threads (piscina) that run renders (tasks.ts) off the event
 *  loop, each within a memory limit. */
export class WorkerPool implements TaskRunner {
  private readonly pool: Piscina
  private readonly timeoutMs: number

  constructor(options: PoolOptions) {
    this.timeoutMs = options.timeoutMs
    const { file, execArgv } = workerEntry('worker')
    this.pool = new Piscina({
      filename: file,
      execArgv,
      minThreads: 0,
      maxThreads: Math.max(1, options.threads),
      idleTimeout: 30_000,
      maxQueue: options.queue,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
    })
  }

  /** Runs a task on a thread: its result, or a PoolFailure. Any other
   *  failure of the task (a bug) is thrown. */
  async run<K extends Task['kind']>(task: Extract<Task, { kind: K }>): Promise<TaskResults[K] | PoolFailure> {
    try {
      // An aborted task's thread is ended, and the pool starts another.
      return (await this.pool.run(task, { signal: AbortSignal.timeout(this.timeoutMs) })) as TaskResults[K]
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') return { ok: false, code: 'out-of-memory' }
      if ((e as Error).name === 'AbortError') return { ok: false, code: 'timed-out' }
      if (/queue is at limit/i.test((e as Error).message)) return { ok: false, code: 'busy' }
      throw e
    }
  }

  /** Ends every thread (tasks still waiting are refused). */
  async close(): Promise<void> {
    await this.pool.destroy()
  }
}
