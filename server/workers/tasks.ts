import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import type { AnnexPosition } from '../../shared/formats/annex'
import type { HistoryRenderOptions } from '../../shared/diff/render-history'
import type { ImportIssue } from '../../shared/formats/paragraphs'
import { docFromJSON } from '../../shared/schema/schema'
import { type DocumentFormat, type ReadFailure, readDocument, writeDocument } from '../formats/documents'
import type { ImportBounds } from '../formats/import-bounds'
import { withClauseIds } from '../../shared/schema/ids'
import { docFromText, type TextSeed, textSeed } from '../negotiations/text'

/** A text to render, as the worker receives it: the live text as its Yjs
 *  state (the worker builds the document, so the event loop converts
 *  nothing), or a frozen reading's stored document. */
export type TextSource =
  | { kind: 'live'; state: Uint8Array; meta: Record<string, string> }
  | { kind: 'reading'; doc: unknown }

/** A comparison's output: its JSON, the HTML page, or the Word redline. */
export type CompareFormat = 'json' | 'html' | 'docx'

/** What a worker is asked to do. */
export type Task =
  | {
      kind: 'export'
      text: TextSource
      format: DocumentFormat
      positions?: AnnexPosition[]
      negotiation?: string
    }
  | {
      kind: 'compare'
      from: TextSource
      to: TextSource
      format: CompareFormat
      title: string
      labels: { oldLabel: string; newLabel: string }
    }
  | {
      kind: 'history'
      readings: { name: string; source: TextSource }[]
      format: CompareFormat
      options: HistoryRenderOptions
    }
  | { kind: 'read'; name: string; bytes: Uint8Array; bounds: ImportBounds; prepare?: Prepare }
  | { kind: 'parse'; text: string }

/** A rendered file, or why the text could not be rendered: the live text
 *  no longer fits the schema, or a history asked for a clause in no reading. */
export type Rendered =
  | { ok: true; body: string | Uint8Array; type: string; extension: string; notes: string[] }
  | { ok: false; code: 'text-invalid' | 'not-found'; message: string }

/** What the import worker makes of a document besides reading it, so
 *  that the event loop only stores it: the Yjs update that creates it in a
 *  text room, of the document as read (`as-is`, a reading) or with an id on
 *  every clause (`with-ids`, a new negotiation's text). */
export type Prepare = 'as-is' | 'with-ids'

/** A file read by the import worker: the document as JSON (it crosses to
 *  the server as data) and, when asked, prepared; or why it was refused. */
export type Read =
  | { ok: true; doc: unknown; warnings: ImportIssue[]; prepared?: TextSeed }
  | ({ ok: false } & ReadFailure)

/** A text in the notation parsed, with ids on its clauses, as a new
 *  negotiation's seed; or where it does not parse. */
export type Parsed = { ok: true; seed: TextSeed } | { ok: false; line: number; column: number; message: string }

/** What each kind of task answers. */
export interface TaskResults {
  export: Rendered
  compare: Rendered
  history: Rendered
  read: Read
  parse: Parsed
}

class TextInvalid extends Error {}

/** The document of a source; throws TextInvalid when the live text does
 *  not fit the schema (clients wrote something it does not allow). */
function documentOf(source: TextSource): Node {
  if (source.kind === 'reading') return docFromJSON(source.doc)
  const ydoc = new Y.Doc()
  try {
    Y.applyUpdate(ydoc, source.state)
    return docFromText(ydoc, source.meta)
  } catch (e) {
    throw new TextInvalid((e as Error).message)
  } finally {
    ydoc.destroy()
  }
}

const jsonType = 'application/json; charset=utf-8'
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

async function compare(task: Extract<Task, { kind: 'compare' }>): Promise<Rendered> {
  const { diffReadings } = await import('../../shared/diff/index')
  const diff = diffReadings(documentOf(task.from), documentOf(task.to))
  if (task.format === 'json')
    return { ok: true, body: JSON.stringify(diff), type: jsonType, extension: 'json', notes: [] }
  if (task.format === 'html') {
    const { renderDiffHtml } = await import('../../shared/diff/render-html')
    const body = renderDiffHtml(diff, { title: task.title })
    return { ok: true, body, type: 'text/html; charset=utf-8', extension: 'html', notes: [] }
  }
  const { renderRedlineDocx } = await import('../formats/redline-docx')
  return { ok: true, body: await renderRedlineDocx(diff, task.labels), type: docxType, extension: 'docx', notes: [] }
}

async function history(task: Extract<Task, { kind: 'history' }>): Promise<Rendered> {
  const { readingHistory } = await import('../../shared/diff/history')
  const { renderHistoryHtml, selectClauses } = await import('../../shared/diff/render-history')
  const life = readingHistory(task.readings.map((r) => ({ name: r.name, doc: documentOf(r.source) })))
  const { clause } = task.options
  const selected = clause ? selectClauses(life, task.options) : null
  if (selected && !selected.length) return { ok: false, code: 'not-found', message: `clause ${clause} in any reading` }
  if (task.format === 'html') {
    const body = renderHistoryHtml(life, task.options)
    return { ok: true, body, type: 'text/html; charset=utf-8', extension: 'html', notes: [] }
  }
  if (task.format === 'json') {
    const body = JSON.stringify(selected ? { ...life, clauses: selected } : life)
    return { ok: true, body, type: jsonType, extension: 'json', notes: [] }
  }
  const { renderHistoryDocx } = await import('../formats/history-docx')
  return { ok: true, body: await renderHistoryDocx(life, task.options), type: docxType, extension: 'docx', notes: [] }
}

async function render(task: Extract<Task, { kind: 'export' | 'compare' | 'history' }>): Promise<Rendered> {
  try {
    if (task.kind === 'compare') return await compare(task)
    if (task.kind === 'history') return await history(task)
    const written = await writeDocument(documentOf(task.text), task.format, {
      ...(task.positions ? { positions: task.positions } : {}),
      ...(task.negotiation ? { negotiation: task.negotiation } : {}),
    })
    return { ok: true, ...written }
  } catch (e) {
    if (e instanceof TextInvalid) return { ok: false, code: 'text-invalid', message: e.message }
    throw e
  }
}

async function read(task: Extract<Task, { kind: 'read' }>): Promise<Read> {
  try {
    const result = await readDocument(task.name, task.bytes, task.bounds)
    if (!result.ok) return result
    if (!task.prepare) return { ok: true, doc: result.doc.toJSON(), warnings: result.warnings }
    const doc = task.prepare === 'with-ids' ? withClauseIds(result.doc) : result.doc
    return { ok: true, doc: doc.toJSON(), warnings: result.warnings, prepared: textSeed(doc) }
  } catch (e) {
    // A reader that throws on a hostile file (a stack overflow deep in a
    // part) has met a file it cannot read: say so rather than fail.
    return {
      ok: false,
      kind: 'unreadable',
      error: { location: 'file', message: `the file cannot be read (${(e as Error).message})` },
    }
  }
}

async function parse(task: Extract<Task, { kind: 'parse' }>): Promise<Parsed> {
  const { parseNotation } = await import('../../shared/notation/parse')
  const parsed = parseNotation(task.text)
  if (!parsed.ok) return { ok: false, ...parsed.error }
  return { ok: true, seed: textSeed(withClauseIds(parsed.doc)) }
}

/** Runs one task (in a worker process, child.ts). */
export async function runTask<K extends Task['kind']>(task: Extract<Task, { kind: K }>): Promise<TaskResults[K]> {
  const t = task as Task
  return (t.kind === 'read' ? read(t) : t.kind === 'parse' ? parse(t) : render(t)) as Promise<TaskResults[K]>
}
