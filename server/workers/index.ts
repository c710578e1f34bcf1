import { availableParallelism } from 'node:os'
import type { HistoryRenderOptions } from '../../shared/diff/render-history'
import type { AnnexPosition } from '../../shared/formats/annex'
import { docFromJSON } from '../../shared/schema/schema'
import { ApiError, notFound } from '../errors'
import type { DocumentFormat, ReadResult } from '../formats/documents'
import { describeExcess, type ImportExcess, type ImportLimits, importBounds } from '../formats/import-bounds'
import type { Limits } from '../limits'
import { ByteLru } from './cache'
import type { PoolFailure, TaskRunner } from './pool'
import { ProcessPool } from './process'
import type { TextSeed } from '../negotiations/text'
import type { CompareFormat, Parsed, Prepare, Rendered, Task, TextSource } from './tasks'

/** A text to render and what it is called; `version` is set for a frozen
 *  reading (its id, name and date: it never changes under them), whose
 *  files are then cached. */
export interface TextAt {
  source: TextSource
  name: string
  version: string | null
}

/** How a task ended, as the metrics count it. */
export type TaskOutcome =
  | 'rendered'
  | 'cached'
  | 'read'
  | 'too-large'
  | 'refused'
  | 'busy'
  | 'out-of-memory'
  | 'timed-out'
  | 'text-invalid'
  | 'not-found'

/** A rendered file: its content, media type and extension, and notes for
 *  the user (Akoma Ntoso eIds that will change on renumbering). */
export type RenderedFile = Extract<Rendered, { ok: true }>

const busy = () =>
  new ApiError(503, 'busy', 'the server is rendering or reading many files at once: try again in a few seconds')

/** Reads an uploaded or given file on an import worker, within the import
 *  bounds and its memory (both `too-large` when passed). The HTTP uploads
 *  and the command line both read files so. */
export async function readInWorker(
  pool: TaskRunner,
  name: string,
  bytes: Uint8Array,
  limits: Pick<Limits, 'importWorkerMb' | 'importTimeoutMs'> & ImportLimits,
  prepare?: Prepare,
): Promise<Imported> {
  const read = await pool.run({
    kind: 'read',
    name,
    bytes,
    bounds: importBounds(limits),
    ...(prepare ? { prepare } : {}),
  })
  if ('code' in read) {
    if (read.code === 'busy') throw busy()
    const excess = importExcess(read.code, limits)
    return { ok: false, kind: 'too-large', error: { location: 'file', message: describeExcess(excess) }, excess }
  }
  if (!read.ok) return read
  const { doc, warnings, prepared } = read
  return { ok: true, doc: docFromJSON(doc), warnings, ...(prepared ? { prepared } : {}) }
}

/** The bound an import process passed when it ended without an answer. */
function importExcess(
  code: 'out-of-memory' | 'timed-out',
  limits: Pick<Limits, 'importWorkerMb' | 'importTimeoutMs'>,
): ImportExcess {
  return code === 'timed-out'
    ? { bound: 'timeoutMs', limit: limits.importTimeoutMs, found: limits.importTimeoutMs }
    : { bound: 'workerMb', limit: limits.importWorkerMb, found: limits.importWorkerMb }
}

/** A file read on an import worker: the document, and what was prepared. */
export type Imported = (ReadResult & { ok: false }) | (ReadResult & { ok: true; prepared?: TextSeed })

/** Where imports run: a child process per file, one at a time, with the
 *  import worker's heap (the command line's; the server keeps its own in
 *  `Workers`). */
export const importPool = (limits: Pick<Limits, 'importWorkerMb' | 'importTimeoutMs'>): TaskRunner =>
  new ProcessPool({ memoryMb: limits.importWorkerMb, processes: 1, queue: 8, timeoutMs: limits.importTimeoutMs })

/** Where the server does its heavy HTTP work, so that no export,
 *  comparison or import holds the event loop every room's sync runs on:
 *  renders (exports, comparisons, redlines, histories) and imports on pools
 *  of worker processes, each memory- and time-limited (a render or an
 *  import that runs out of either ends its process, never the server); the
 *  files of frozen readings cached by reading and format. */
export class Workers {
  private readonly renders: TaskRunner
  private readonly imports: TaskRunner
  private readonly cache: ByteLru<RenderedFile>

  constructor(
    private readonly limits: Limits,
    /** Told of every task done: its kind and result (metrics). */
    private readonly observe: (task: Task['kind'], result: TaskOutcome) => void = () => {},
  ) {
    this.renders = new ProcessPool({
      memoryMb: limits.renderWorkerMb,
      processes: Math.max(1, Math.min(4, availableParallelism() - 1)),
      queue: 32,
      timeoutMs: limits.renderTimeoutMs,
    })
    this.imports = importPool(limits)
    this.cache = new ByteLru(limits.renderCacheBytes)
  }

  /** A text as a file in one of the export formats, with a positions annex
   *  (docx and html) when positions are given. */
  exportText(
    text: TextAt,
    format: DocumentFormat,
    options: { positions?: AnnexPosition[]; negotiation?: string } = {},
  ): Promise<RenderedFile> {
    // An annex reflects positions as they are now: never cached.
    const key = text.version && !options.positions ? `export ${format} ${text.version}` : null
    return this.cached('export', key, () => this.renders.run({ kind: 'export', text: text.source, format, ...options }))
  }

  /** A comparison of two texts as JSON, an HTML page or a Word redline. */
  compare(from: TextAt, to: TextAt, format: CompareFormat, title: string): Promise<RenderedFile> {
    const key = from.version && to.version ? `compare ${format} ${from.version} ${to.version} ${title}` : null
    return this.cached('compare', key, () =>
      this.renders.run({
        kind: 'compare',
        from: from.source,
        to: to.source,
        format,
        title,
        labels: { oldLabel: from.name, newLabel: to.name },
      }),
    )
  }

  /** Every clause followed through frozen readings (oldest first) as JSON,
   *  an HTML page or a Word file. */
  history(readings: TextAt[], format: CompareFormat, options: HistoryRenderOptions): Promise<RenderedFile> {
    const versions = readings.map((r) => r.version)
    const key = versions.every(Boolean) ? `history ${format} ${JSON.stringify([versions, options])}` : null
    const texts = readings.map((r) => ({ name: r.name, source: r.source }))
    return this.cached('history', key, () => this.renders.run({ kind: 'history', readings: texts, format, options }))
  }

  /** Reads an uploaded file, prepared for a text room (see readInWorker). */
  async read(name: string, bytes: Uint8Array, prepare: Prepare): Promise<Imported> {
    try {
      const read = await readInWorker(this.imports, name, bytes, this.limits, prepare)
      this.observe('read', read.ok ? 'read' : read.kind === 'too-large' ? 'too-large' : 'refused')
      return read
    } catch (e) {
      if (e instanceof ApiError) this.observe('read', 'busy')
      throw e
    }
  }

  /** Parses a text in the notation for a new negotiation, on an import
   *  process: the document with clause ids and its seed, or where it does
   *  not parse (413 when it needs more memory than an import may take). */
  async parse(text: string): Promise<Parsed> {
    const parsed = await this.imports.run({ kind: 'parse', text })
    this.observe('parse', 'code' in parsed ? parsed.code : parsed.ok ? 'read' : 'refused')
    if (!('code' in parsed)) return parsed
    if (parsed.code === 'busy') throw busy()
    throw new ApiError(413, 'import-too-large', `text: ${describeExcess(importExcess(parsed.code, this.limits))}`)
  }

  /** Bytes of rendered files the cache holds. */
  get cacheBytes(): number {
    return this.cache.size
  }

  /** Ends the worker processes. */
  async close(): Promise<void> {
    await Promise.all([this.renders.close(), this.imports.close()])
  }

  private async cached(
    task: Task['kind'],
    key: string | null,
    render: () => Promise<Rendered | PoolFailure>,
  ): Promise<RenderedFile> {
    const hit = key ? this.cache.get(key) : undefined
    if (hit) {
      this.observe(task, 'cached')
      return hit
    }
    const out = await render()
    this.observe(task, out.ok ? 'rendered' : out.code)
    if (!out.ok) {
      if (out.code === 'busy') throw busy()
      if (out.code === 'not-found') throw notFound(out.message)
      if (out.code === 'text-invalid')
        throw new ApiError(
          409,
          'text-invalid',
          `the live text does not fit the schema (${out.message}); undo the last edit and try again`,
        )
      if (out.code === 'timed-out')
        throw new ApiError(
          503,
          'render-timed-out',
          `rendering this text took longer than ${this.limits.renderTimeoutMs / 1000} s: the server's RT_LIMIT_RENDER_TIMEOUT_MS is too low for it`,
        )
      throw new ApiError(
        503,
        'render-out-of-memory',
        `rendering this text needs more than ${this.limits.renderWorkerMb} MiB of memory: the server's RT_LIMIT_RENDER_WORKER_MB is too low for it`,
      )
    }
    if (key) this.cache.set(key, out, typeof out.body === 'string' ? out.body.length * 2 : out.body.byteLength)
    return out
  }
}
