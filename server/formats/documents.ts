import type { Node } from 'prosemirror-model'
import type { AnnexPosition } from '../../shared/formats/annex'
import { renderAkomaNtoso } from '../../shared/formats/akn'
import { renderHtml } from '../../shared/formats/html'
import type { ImportIssue } from '../../shared/formats/paragraphs'
import { importText } from '../../shared/formats/plain-text'
import { serializeNotation } from '../../shared/notation/serialize'
import { type ExportFormat, exportFormats } from '../../shared/protocol/wire'
import {
  checkClauses,
  describeExcess,
  type ImportBounds,
  type ImportExcess,
  importBounds,
  scanText,
} from './import-bounds'

/** The formats a text is written in, everywhere (CLI `export`, HTTP downloads): the wire's export formats. */
export const documentFormats = exportFormats
/** One of `documentFormats`. */
export type DocumentFormat = ExportFormat

/** Each format's media type and file extension. */
export const formatFiles: Record<DocumentFormat, { type: string; extension: string }> = {
  docx: { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  txt: { type: 'text/plain; charset=utf-8', extension: 'txt' },
  akn: { type: 'application/akn+xml; charset=utf-8', extension: 'xml' },
  html: { type: 'text/html; charset=utf-8', extension: 'html' },
}

/** Whether `value` names one of `documentFormats`. */
export const isDocumentFormat = (value: unknown): value is DocumentFormat =>
  documentFormats.includes(value as DocumentFormat)

/** Why a file could not be read: `unsupported` for a kind of file we do not
 *  read (a .pdf, an encrypted .docx, binary data), `unreadable` for a file of
 *  a kind we read that is damaged or malformed, `too-large` for one past an
 *  import bound (`excess` says which; `error` says it in words). */
export type ReadFailure =
  | { kind: 'unsupported' | 'unreadable'; error: ImportIssue }
  | { kind: 'too-large'; error: ImportIssue; excess: ImportExcess }

/** A document read from a file, with what the import could not map. */
export type ReadResult = { ok: true; doc: Node; warnings: ImportIssue[] } | ({ ok: false } & ReadFailure)

/** Kinds of file people send that we do not read, by extension, with what to do. */
const refused: Record<string, string> = {
  doc: 'a Word 97-2003 (.doc) file: save it as .docx (Word Document) and import that',
  odt: 'an OpenDocument (.odt) file: save it as .docx (Word Document) and import that',
  rtf: 'a Rich Text (.rtf) file: save it as .docx (Word Document) and import that',
  pdf: 'a PDF: copy its text into a .txt file, or import the Word file it was made from',
  xlsx: 'a spreadsheet: the text of a negotiation comes as .docx or .txt',
  pptx: 'a presentation: the text of a negotiation comes as .docx or .txt',
}

const startsWith = (bytes: Uint8Array, ...magic: number[]) => magic.every((b, i) => bytes[i] === b)
const unsupported = (message: string): ReadResult => ({
  ok: false,
  kind: 'unsupported',
  error: { location: 'file', message },
})

/** Reads a file by its name and content: a Word document (.docx) or a text
 *  (.txt, or any other name: the notation or a plain UN-style text). Files we
 *  cannot read (.doc, .odt, .rtf, .pdf, an encrypted .docx, binary data) come
 *  back as a failure with a one-line reason, never as garbage text; files
 *  past one of `bounds` as `too-large`, found before they take the memory
 *  where a count can tell (sizes, paragraphs, nesting) and after reading for
 *  clauses. A pure function of its arguments: it runs in the import worker
 *  (server/workers). */
export async function readDocument(
  name: string,
  bytes: Uint8Array,
  bounds: ImportBounds = importBounds(),
): Promise<ReadResult> {
  const extension = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''
  if (bytes.length === 0)
    return { ok: false, kind: 'unreadable', error: { location: 'file', message: 'the file is empty' } }
  if (refused[extension]) return unsupported(refused[extension])
  // OLE compound files: Word 97-2003, and the envelope of an encrypted .docx.
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) {
    return unsupported(
      extension === 'docx'
        ? 'an encrypted (password-protected) Word file: open it in Word, remove the password (File > Info > Protect Document) and save it again'
        : refused.doc,
    )
  }
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) return unsupported(refused.pdf)
  if (startsWith(bytes, 0x7b, 0x5c, 0x72, 0x74, 0x66)) return unsupported(refused.rtf)
  if (extension === 'docx' || startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    if (extension !== 'docx' && extension !== '')
      return unsupported(`a ZIP package named .${extension}: if it is a Word document, name it .docx`)
    const { importDocx } = await import('./docx-import')
    const result = await importDocx(bytes, bounds)
    if (!result.ok)
      return 'excess' in result ? tooLarge(result.excess) : { ok: false, kind: 'unreadable', error: result.error }
    return withinClauses(result, bounds)
  }
  const text = decodeText(bytes)
  if (text === null)
    return unsupported('not a text file (it holds binary data): read a .docx, or a UTF-8 text in the notation')
  const lines = scanText(text, bounds)
  if (lines) return tooLarge(lines)
  const result = importText(text)
  return result.ok ? withinClauses(result, bounds) : { ok: false, kind: 'unreadable', error: result.error }
}

const tooLarge = (excess: ImportExcess): ReadResult => ({
  ok: false,
  kind: 'too-large',
  error: { location: 'file', message: describeExcess(excess) },
  excess,
})

/** The document read, unless it holds more clauses than the bound. */
function withinClauses(result: ReadResult & { ok: true }, bounds: ImportBounds): ReadResult {
  const excess = checkClauses(result.doc, bounds)
  return excess ? tooLarge(excess) : result
}

/** UTF-8 text, or null for bytes that are not text (invalid UTF-8, or control
 *  characters other than tab, line feed, carriage return and form feed). */
function decodeText(bytes: Uint8Array): string | null {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x20 && !textControls.has(code)) return null
  }
  return text
}

/** Tab, line feed, form feed and carriage return: the control characters a text file holds. */
const textControls = new Set([0x09, 0x0a, 0x0c, 0x0d])

/** Options for writing a document. */
export interface WriteOptions {
  /** State positions for an annex table (docx and html only). */
  positions?: readonly AnnexPosition[]
  /** The date (YYYY-MM-DD) an Akoma Ntoso export carries when the text's
   *  metadata has none; today by default. */
  today?: string
  /** The negotiation's id: Akoma Ntoso names its work after it. */
  negotiation?: string
}

/** A written document: its content, media type and extension, and notes the
 *  caller should pass on (Akoma Ntoso eIds that will change on renumbering). */
export interface WrittenDocument {
  body: string | Uint8Array
  type: string
  extension: string
  notes: string[]
}

/** Writes a document in one of `documentFormats`. */
export async function writeDocument(
  doc: Node,
  format: DocumentFormat,
  options: WriteOptions = {},
): Promise<WrittenDocument> {
  const file = formatFiles[format]
  const positions = options.positions ? [...options.positions] : undefined
  if (format === 'txt') return { ...file, body: serializeNotation(doc), notes: [] }
  if (format === 'html') return { ...file, body: renderHtml(doc, positions ? { positions } : {}), notes: [] }
  if (format === 'akn') {
    const today = options.today ?? new Date().toISOString().slice(0, 10)
    const akn = renderAkomaNtoso(doc, today, options.negotiation ? { work: options.negotiation } : {})
    const derived = akn.keyDerived
    const notes = derived.length
      ? [
          `${derived.length} clause(s) have no id (${derived.slice(0, 3).join(', ')}${derived.length > 3 ? ', …' : ''}): their eIds derive from their numbers and change when the text is renumbered`,
        ]
      : []
    return { ...file, body: akn.xml, notes }
  }
  // The Word writer is large; it is loaded on the first Word export.
  const { exportDocx } = await import('./docx-export')
  return { ...file, body: await exportDocx(doc, positions ? { positions } : {}), notes: [] }
}
