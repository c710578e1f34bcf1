import type { Node } from 'prosemirror-model'
import type { ReadingDiff } from '../../shared/diff/types'
import type { AnnexPosition } from '../../shared/formats/annex'
import { renderAkomaNtoso } from '../../shared/formats/akn'
import { renderHtml } from '../../shared/formats/html'
import type { ImportResult } from '../../shared/formats/paragraphs'
import { importText } from '../../shared/formats/plain-text'
import { serializeNotation } from '../../shared/notation/serialize'
import { ApiError, invalid } from '../errors'

/** The formats a text can be downloaded in. */
export const exportFormats = ['docx', 'txt', 'akn', 'html'] as const
export type ExportFormat = (typeof exportFormats)[number]

const types: Record<ExportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain; charset=utf-8',
  akn: 'application/akn+xml; charset=utf-8',
  html: 'text/html; charset=utf-8',
}
const extensions: Record<ExportFormat, string> = { docx: 'docx', txt: 'txt', akn: 'xml', html: 'html' }

/** A file to send: its bytes or text, media type and name. */
export interface FileReply {
  body: string | Uint8Array
  type: string
  filename: string
}

/** Reads `format` from a query, or answers 400 naming the choices. */
export function exportFormatOf(value: string | null): ExportFormat {
  if (exportFormats.includes(value as ExportFormat)) return value as ExportFormat
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
): Promise<FileReply> {
  const filename = `${name}.${extensions[format]}`
  const annex = positions ? { positions } : {}
  if (format === 'txt') return { body: serializeNotation(doc), type: types.txt, filename }
  if (format === 'html') return { body: renderHtml(doc, annex), type: types.html, filename }
  if (format === 'akn')
    return { body: renderAkomaNtoso(doc, new Date().toISOString().slice(0, 10)).xml, type: types.akn, filename }
  // The Word writer is large; the server loads it on the first Word download.
  const { exportDocx } = await import('../formats/docx-export')
  return { body: await exportDocx(doc, annex), type: types.docx, filename }
}

/** A comparison as a Word redline (tracked insertions and deletions). */
export async function redlineFile(
  diff: ReadingDiff,
  labels: { oldLabel: string; newLabel: string },
  name: string,
): Promise<FileReply> {
  const { renderRedlineDocx } = await import('../formats/redline-docx')
  return { body: await renderRedlineDocx(diff, labels), type: types.docx, filename: `${name}.docx` }
}

/** Reads an uploaded file, a Word document or a text (the notation or a plain
 *  UN-style text), by its name. What could not be read answers 400 with the
 *  importer's message and where it points; warnings come back with the text. */
export async function readUpload(filename: string | null, bytes: Buffer): Promise<{ doc: Node; warnings: string[] }> {
  if (!filename)
    throw invalid('name the uploaded file: ?filename=NAME.docx or NAME.txt', [
      { field: 'filename', message: 'required' },
    ])
  if (bytes.length === 0) throw invalid(`${filename} is empty`, [{ field: 'file', message: 'empty' }])
  let result: ImportResult
  if (/\.docx$/i.test(filename)) result = await (await import('../formats/docx-import')).importDocx(bytes)
  else if (/\.(txt|text)$/i.test(filename)) result = importText(bytes.toString('utf8'))
  else throw new ApiError(415, 'unsupported-file', `${filename}: upload a Word document (.docx) or a text file (.txt)`)
  if (!result.ok) {
    throw new ApiError(400, 'unreadable-file', `${filename}: ${result.error.location}: ${result.error.message}`, [
      { field: 'file', message: result.error.message },
    ])
  }
  return { doc: result.doc, warnings: result.warnings.map((w) => `${w.location}: ${w.message}`) }
}
