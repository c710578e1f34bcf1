import { statSync } from 'node:fs'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/** The server's Prometheus metrics (prom-client), served at `/metrics`. */
export class Metrics {
  readonly registry = new Registry()
  private readonly connections = new Gauge({
    name: 'rt_connections',
    help: 'Open sync connections',
    registers: [this.registry],
  })
  private readonly updates = new Counter({
    name: 'rt_updates_total',
    help: 'Document updates: accepted (stored), or refused with the close reason code',
    labelNames: ['result', 'reason'],
    registers: [this.registry],
  })
  private readonly commits = new Histogram({
    name: 'rt_commit_seconds',
    help: 'Time from handing an update to the store to its commit',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  })
  private readonly published = new Counter({
    name: 'rt_bus_published_total',
    help: 'Messages this process published to the other processes (Redis), by kind: update (one per stored batch, on the owner), awareness, forward, reply, owner, presence?, revoked',
    labelNames: ['type'],
    registers: [this.registry],
  })
  private readonly publishedBytes = new Counter({
    name: 'rt_bus_published_bytes_total',
    help: 'Bytes of the messages this process published to the other processes, by kind',
    labelNames: ['type'],
    registers: [this.registry],
  })
  private readonly tasks = new Counter({
    name: 'rt_worker_tasks_total',
    help: 'Exports, comparisons, histories and imports by result: rendered, cached (a frozen reading sent again), read, too-large, out-of-memory, busy',
    labelNames: ['task', 'result'],
    registers: [this.registry],
  })
  private readonly responses = new Counter({
    name: 'rt_http_responses_total',
    help: 'HTTP responses by status code',
    labelNames: ['status'],
    registers: [this.registry],
  })

  constructor(options: { rooms: () => number; walFile: string | null; renderCacheBytes?: () => number }) {
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 10 })
    new Gauge({
      name: 'rt_rooms',
      help: 'Rooms loaded in memory',
      registers: [this.registry],
      collect() {
        this.set(options.rooms())
      },
    })
    new Gauge({
      name: 'rt_render_cache_bytes',
      help: 'Rendered files of frozen readings kept for the next download',
      registers: [this.registry],
      collect() {
        this.set(options.renderCacheBytes?.() ?? 0)
      },
    })
    new Gauge({
      name: 'rt_wal_bytes',
      help: "Size of SQLite's write-ahead log",
      registers: [this.registry],
      collect() {
        if (!options.walFile) return
        try {
          this.set(statSync(options.walFile).size)
        } catch {
          this.set(0)
        }
      },
    })
  }

  /** A task of the worker pools done (server/workers). */
  work(task: string, result: string): void {
    this.tasks.inc({ task, result })
  }

  connectionOpened(): void {
    this.connections.inc()
  }
  connectionClosed(): void {
    this.connections.dec()
  }
  /** An update stored, and how long its commit took. */
  accepted(seconds: number): void {
    this.updates.inc({ result: 'accepted', reason: '' })
    this.commits.observe(seconds)
  }
  /** An update refused; `reason` is the close code (4400, 4413, 4429…). */
  refused(reason: string): void {
    this.updates.inc({ result: 'refused', reason })
  }
  /** A message published to the other processes of a cluster. */
  publish(type: string, bytes: number): void {
    this.published.inc({ type })
    this.publishedBytes.inc({ type }, bytes)
  }
  response(status: number): void {
    this.responses.inc({ status: String(status) })
  }
}
