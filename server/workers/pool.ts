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
}

/** A task that did not complete: its thread ran out of memory, or too many
 *  were waiting already. */
export type PoolFailure = { ok: false; code: 'out-of-memory' | 'busy' }

// From the bundle (dist/server) the worker is the built worker.js beside
// this code; from the TypeScript sources (tests, `npm run dev`) it is
// worker.ts, run through tsx, a development dependency.
const fromSources = import.meta.url.endsWith('.ts')
const workerFile = fileURLToPath(new URL(fromSources ? './worker.ts' : './worker.js', import.meta.url))
const workerArgs = () =>
  fromSources ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href] : []

/** Worker threads that run renders or imports (tasks.ts) off the event
 *  loop, each within a memory limit. */
export class WorkerPool {
  private readonly pool: Piscina

  constructor(options: PoolOptions) {
    this.pool = new Piscina({
      filename: workerFile,
      execArgv: workerArgs(),
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
      return (await this.pool.run(task)) as TaskResults[K]
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') return { ok: false, code: 'out-of-memory' }
      if (/queue is at limit/i.test((e as Error).message)) return { ok: false, code: 'busy' }
      throw e
    }
  }

  /** Ends every thread (tasks still waiting are refused). */
  async close(): Promise<void> {
    await this.pool.destroy()
  }
}
