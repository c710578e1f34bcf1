import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Task, TaskResults } from './tasks'

/** How a pool of worker processes runs. */
export interface PoolOptions {
  /** Heap of each process (`--max-old-space-size`): a task that needs more
   *  ends its process, and the pool starts another. */
  memoryMb: number
  /** Processes at most; none run until the first task, and idle ones end. */
  processes: number
  /** Tasks waiting for a process at most; past it a task is refused (`busy`). */
  queue: number
  /** How long a task may run: then its process is ended (`timed-out`). */
  timeoutMs: number
}

/** A task that did not complete: its process ran out of memory or time, or
 *  too many were waiting already. */
export type PoolFailure = { ok: false; code: 'out-of-memory' | 'timed-out' | 'busy' }

const fromSources = import.meta.url.endsWith('.ts')

/** The entry of a worker process, and the Node options it needs. From the
 *  bundle (dist/server) it is the built `child.js` beside this code
 *  (bin/build.mjs builds it); from the TypeScript sources (tests, `npm run
 *  dev`) it is `child.ts`, run through tsx, a development dependency. */
export function workerEntry(): { file: string; execArgv: string[] } {
  const file = fileURLToPath(new URL(`./child.${fromSources ? 'ts' : 'js'}`, import.meta.url))
  const tsx = () => pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href
  return { file, execArgv: fromSources ? ['--import', tsx()] : [] }
}

/** What runs tasks (ProcessPool). */
export interface TaskRunner {
  run<K extends Task['kind']>(task: Extract<Task, { kind: K }>): Promise<TaskResults[K] | PoolFailure>
  close(): Promise<void>
}
