import type { Node } from 'prosemirror-model'
import type { ReadingDiff } from '../../shared/diff/types'
import type { ReadingHistory } from '../../shared/diff/history'
import type { HistoryRenderOptions } from '../../shared/diff/render-history'
import type { AnnexPosition } from '../../shared/formats/annex'
import { ApiError, invalid } from '../errors'
import { type ExportFormat, exportFormats } from '../../shared/protocol/wire'
import { isDocumentFormat, readDocument, writeDocument } from '../formats/documents'

/** A file to send: its bytes or text, media type and name. */
export interface FileReply {
  body: string | Uint8Array
  type: string
  filename: string
}

/** Reads `format` from a query, or answers 400 naming the choices. */
export function exportFormatOf(value: string | null): ExportFormat {
  if (isDocumentFormat(value)) return value
  throw invalid(`format must be one of ${exportFormats.join(', ')}`, [
    { field: 'format', message: exportFormats.join(', ') },
  ])
}

/** A name safe in a Content-Disposition header and on any file system. */
export function fileName(...parts: string[]): string {
  return (
    parts
      .join(' - ')
      .replace(/(?:[\\/:*?"<>|]|(?![\x7f-\x9f])\p{Cc})+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 150) || 'rolling-text'
  )
}

/** A text as a file in one of the export formats, with a positions annex
 *  (docx and html) when positions are given. */
export async function textFile(
  doc: Node,
  format: ExportFormat,
  name: string,
  positions?: AnnexPosition[],
  negotiation?: string,
): Promise<FileReply> {
  const written = await writeDocument(doc, format, {
    ...(positions ? { positions } : {}),
    ...(negotiation ? { negotiation } : {}),
  })
  return { body: written.body, type: written.type, filename: `${name}.${written.extension}` }
}

/** A comparison as a Word redline (tracked insertions and deletions). */
export async function redlineFile(
  diff: ReadingDiff,
  labels: { oldLabel: string; newLabel: string },
  name: string,
): Promise<FileReply> {
  const { renderRedlineDocx } = await import('../formats/redline-docx')
  return { body: await renderRedlineDocx(diff, labels), type: documentFormatType, filename: `${name}.docx` }
}

/** The life of every clause across the readings as a Word file (D14). */
export async function historyFile(
  history: ReadingHistory,
  options: HistoryRenderOptions,
  name: string,
): Promise<FileReply> {
  const { renderHistoryDocx } = await import('../formats/history-docx')
  return { body: await renderHistoryDocx(history, options), type: documentFormatType, filename: `${name}.docx` }
}

const documentFormatType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** An import's warning as the browser lists it: where, then what. */
export interface UploadWarning {
  location: string
  message: string
}

/** Reads an uploaded file through `readDocument`, the reader the CLI uses. A
 *  kind of file we do not read answers 415, a damaged or malformed one 400,
 *  each with the importer's message and where it points; warnings come back
 *  with the text. */
export async function readUpload(
  filename: string | null,
  bytes: Buffer,
): Promise<{ doc: Node; warnings: string[]; issues: UploadWarning[] }> {
  if (!filename)
    throw invalid('name the uploaded file: ?filename=NAME.docx or NAME.txt', [
      { field: 'filename', message: 'required' },
    ])
  if (bytes.length === 0) throw invalid(`${filename} is empty`, [{ field: 'file', message: 'empty' }])
  const result = await readDocument(filename, bytes)
  if (!result.ok) {
    const where = result.error.location === 'file' ? '' : `${result.error.location}: `
    if (result.kind === 'unsupported')
      throw new ApiError(415, 'unsupported-file', `${filename}: ${result.error.message}`)
    throw new ApiError(400, 'unreadable-file', `${filename}: ${where}${result.error.message}`, [
      { field: 'file', message: result.error.message },
    ])
  }
  return {
    doc: result.doc,
    warnings: result.warnings.map((w) => `${w.location}: ${w.message}`),
    issues: result.warnings.map((w) => ({ location: w.location, message: w.message })),
  }
}
