import { readFile } from 'node:fs/promises'
import { extname, resolve } from 'node:path'
import type { Node } from 'prosemirror-model'
import type { ImportIssue, ImportResult } from '../../shared/formats/paragraphs'
import { formatNotationError, parseNotation } from '../../shared/notation/parse'
import { CliError, type CliIO } from './command'

/** Receives one line for each thing an import could not map. */
export type WarningSink = (line: string) => void

/** A sink that prints warnings on the command's stderr. */
export const warnOn =
  (io: Pick<CliIO, 'stderr'>): WarningSink =>
  (line) =>
    io.stderr(`${line}\n`)

/** Turns a file's bytes into a document, or throws a CliError naming the file
 *  (and line, where it has lines). What it could not map goes to `warn`. */
export type DocumentLoader = (bytes: Buffer, file: string, warn: WarningSink) => Promise<Node>

/** Reads the rolling-text notation; errors come out as `FILE:LINE:COL: message`. */
export const loadNotation: DocumentLoader = async (bytes, file) => {
  const result = parseNotation(bytes.toString('utf8'))
  if (!result.ok) throw new CliError(formatNotationError(file, result.error), 2)
  return result.doc
}

/** Cites an import issue the way compilers do: `FILE:LINE:COL: message` where
 *  the file has lines, `FILE: paragraph 12: message` where it has none. */
export function formatIssue(file: string, issue: ImportIssue, kind = ''): string {
  const message = kind ? `${kind}: ${issue.message}` : issue.message
  const line = /^line (\d+)(?:, column (\d+))?$/.exec(issue.location)
  if (line) return `${file}:${line[1]}:${line[2] ?? 1}: ${message}`
  if (issue.location === 'file' || issue.location === 'document') return `${file}: ${message}`
  return `${file}: ${issue.location}: ${message}`
}

/** The document of an import, its warnings sent to `warn`; a failed import
 *  is a bad input file (exit 2). */
export function settleImport(result: ImportResult, file: string, warn: WarningSink): Node {
  if (!result.ok) throw new CliError(formatIssue(file, result.error), 2)
  for (const warning of result.warnings) warn(formatIssue(file, warning, 'warning'))
  return result.doc
}

/** Reads a Word file (see server/formats/docx-import.ts), loading the OOXML
 *  readers only when a Word file comes. */
export const loadDocx: DocumentLoader = async (bytes, file, warn) => {
  const { importDocx } = await import('../formats/docx-import')
  return settleImport(await importDocx(bytes), file, warn)
}

/** Loaders by file extension; anything else is read as the notation. */
export const loaders: Record<string, DocumentLoader> = {
  '.txt': loadNotation,
  '.docx': loadDocx,
}

/** The bytes of an input file (`-`: standard input), or a CliError saying
 *  why it cannot be read. */
export async function readInput(file: string, io: Pick<CliIO, 'cwd' | 'stdin'>): Promise<Buffer> {
  if (file === '-') return io.stdin()
  const cwd = io.cwd
  try {
    return await readFile(resolve(cwd, file))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new CliError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : (code ?? String(e))})`)
  }
}

/** Whether bytes are a ZIP package (a Word file), for input with no name. */
export const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50

/** Reads and parses one input document given on the command line (`-` is
 *  standard input, a Word file or the notation by its first bytes); what an
 *  import from Word could not map goes to `warn` (commands print it). */
export async function readDocument(file: string, io: Pick<CliIO, 'cwd' | 'stdin'>, warn: WarningSink): Promise<Node> {
  const bytes = await readInput(file, io)
  if (file === '-') return (isZip(bytes) ? loadDocx : loadNotation)(bytes, '<stdin>', warn)
  const loader = loaders[extname(file).toLowerCase()] ?? loadNotation
  return loader(bytes, file, warn)
}
