import type { Node } from 'prosemirror-model'
import { ApiError, invalid } from '../errors'
import { type ExportFormat, exportFormats } from '../../shared/protocol/wire'
import { isDocumentFormat } from '../formats/documents'
import type { Imported } from '../workers'
import type { TextSeed } from './text'

/** A file to send: its bytes or text, media type and, to download it, a name. */
export interface FileReply {
  body: string | Uint8Array
  type: string
  filename?: string
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

/** An import's warning as the browser lists it: where, then what. */
export interface UploadWarning {
  location: string
  message: string
}

/** Reads an uploaded file with `read` (`readDocument`, the reader the CLI
 *  uses, on an import worker). A kind of file we do not read answers 415, a
 *  damaged or malformed one 400, one past an import bound (or the import
 *  worker's memory) 413 `import-too-large` saying what was too large, each
 *  with the importer's message and where it points; warnings come back
 *  with the text. */
export async function readUpload(
  read: (name: string, bytes: Uint8Array) => Promise<Imported>,
  filename: string | null,
  bytes: Buffer,
): Promise<{ doc: Node; prepared?: TextSeed; warnings: string[]; issues: UploadWarning[] }> {
  if (!filename)
    throw invalid('name the uploaded file: ?filename=NAME.docx or NAME.txt', [
      { field: 'filename', message: 'required' },
    ])
  if (bytes.length === 0) throw invalid(`${filename} is empty`, [{ field: 'file', message: 'empty' }])
  const result = await read(filename, bytes)
  if (!result.ok) {
    const where = result.error.location === 'file' ? '' : `${result.error.location}: `
    if (result.kind === 'too-large')
      throw new ApiError(413, 'import-too-large', `${filename}: ${result.error.message}`, [
        { field: 'file', message: `${result.excess.bound}: more than ${result.excess.limit}` },
      ])
    if (result.kind === 'unsupported')
      throw new ApiError(415, 'unsupported-file', `${filename}: ${result.error.message}`)
    throw new ApiError(400, 'unreadable-file', `${filename}: ${where}${result.error.message}`, [
      { field: 'file', message: result.error.message },
    ])
  }
  return {
    doc: result.doc,
    ...(result.prepared ? { prepared: result.prepared } : {}),
    warnings: result.warnings.map((w) => `${w.location}: ${w.message}`),
    issues: result.warnings.map((w) => ({ location: w.location, message: w.message })),
  }
}
