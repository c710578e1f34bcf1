import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'

/** What one checkpoint did: frames in the write-ahead log, how many of them
 *  are now in the database file, and whether the log was restarted. */
export interface CheckpointResult {
  walFrames: number
  checkpointed: number
  restarted: boolean
}

// The worker's whole program. It is plain JavaScript run with `eval`, so it
// needs no loader for TypeScript, whether the server runs under tsx, vitest
// or a bundle. It opens its own connection: a connection belongs to a thread.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file, { fileMustExist: true })
// Never wait: a RESTART holds the writer lock while it waits for readers.
db.pragma('busy_timeout = 0')
parentPort.on('message', (message) => {
  if (message === 'close') { db.close(); parentPort.close(); return }
  let [row] = db.pragma('wal_checkpoint(PASSIVE)')
  let restarted = false
  if (row.log >= workerData.restartFrames) {
    const [restart] = db.pragma('wal_checkpoint(RESTART)')
    restarted = restart.busy === 0
    if (restarted) row = restart
  }
  parentPort.postMessage({ walFrames: row.log, checkpointed: row.checkpointed, restarted })
})
`

/** Copies the write-ahead log into the database file on a thread of its own.
 *  SQLite would otherwise do it inside whichever commit crosses the
 *  threshold, and that commit, with every edit waiting on it, would take
 *  milliseconds instead of a fraction of one. A PASSIVE checkpoint never
 *  blocks writers, and the log is reused once a checkpoint has copied all of
 *  it; but under steady writing new frames arrive during every checkpoint,
 *  so once the log passes `restartFrames` a RESTART checkpoint holds writers
 *  back for the few frames left and makes the next commit start the log
 *  afresh. A RESTART holds the writer lock while it waits for readers, so
 *  it never waits: while a long reader (a backup, a slow query) holds an
 *  old snapshot the restart gives up at once and the log grows instead of
 *  every edit stalling behind it; the next checkpoint after the reader is
 *  done restarts it. If the thread fails, SQLite's own automatic
 *  checkpoints take over again. */
export class WalCheckpointer {
  /** Started with the first checkpoint, so a short-lived command never pays for it. */
  private worker: Worker | null = null
  private readonly timer: NodeJS.Timeout
  private busy = false
  private stopped: Promise<void> | null = null

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly restartFrames: number,
    everyMs: number,
    private readonly onCheckpoint?: (result: CheckpointResult) => void,
  ) {
    db.pragma('wal_autocheckpoint = 0')
    // A checkpoint of a log already copied costs next to nothing.
    this.timer = setInterval(() => this.request(), everyMs).unref()
  }

  private start(): Worker {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { driver, file: this.file, restartFrames: this.restartFrames },
    })
    worker.unref()
    worker.on('message', (result: CheckpointResult) => {
      this.busy = false
      this.onCheckpoint?.(result)
    })
    worker.on('error', () => this.fallBack())
    worker.on('exit', () => {
      if (!this.stopped) this.fallBack()
    })
    return worker
  }

  private request(): void {
    if (this.busy || this.stopped) return
    this.busy = true
    this.worker ??= this.start()
    this.worker.postMessage('checkpoint')
  }

  /** Stops the thread; the main connection's close then checkpoints the rest. */
  stop(): Promise<void> {
    clearInterval(this.timer)
    const worker = this.worker
    this.stopped ??= worker
      ? new Promise<void>((resolve) => {
          worker.once('exit', () => resolve())
          worker.postMessage('close')
        })
      : Promise.resolve()
    return this.stopped
  }

  private fallBack(): void {
    clearInterval(this.timer)
    if (this.stopped) return
    this.stopped = Promise.resolve()
    if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000')
  }
}
