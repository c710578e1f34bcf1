import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Node } from 'prosemirror-model'
import type { ImportIssue } from '../../shared/formats/paragraphs'
import { defaultLimits, limitsFromEnv } from '../limits'
import type { ReadResult } from '../formats/documents'
import { importBounds } from '../formats/import-bounds'
import { CliError, type CliIO } from './command'

/** Receives one line for each thing an import could not map. */
export type WarningSink = (line: string) => void

/** A sink that prints warnings on the command's stderr. */
export const warnOn =
  (io: Pick<CliIO, 'stderr'>): WarningSink =>
  (line) =>
    io.stderr(`${line}\n`)

/** Cites an import issue the way compilers do: `FILE:LINE:COL: message` where
 *  the file has lines, `FILE: WHERE: message` where it has none (`WHERE`
 *  names the place as a reader of the document sees it). */
export function formatIssue(file: string, issue: ImportIssue, kind = ''): string {
  const message = kind ? `${kind}: ${issue.message}` : issue.message
  const line = /^line (\d+)(?:, column (\d+))?/.exec(issue.location)
  if (line) return `${file}:${line[1]}:${line[2] ?? 1}: ${message}`
  if (issue.location === 'file' || issue.location === 'document') return `${file}: ${message}`
  return `${file}: ${issue.location}: ${message}`
}

/** The bytes of an input file (`-`: standard input), or a CliError saying
 *  why it cannot be read. */
export async function readInput(file: string, io: Pick<CliIO, 'cwd' | 'stdin'>): Promise<Buffer> {
  if (file === '-') return io.stdin()
  try {
    return await readFile(resolve(io.cwd, file))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new CliError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : (code ?? String(e))})`)
  }
}

/** The limits set in the environment, or a CliError naming a bad one. */
function importLimitsFromEnv() {
  try {
    return limitsFromEnv(process.env)
  } catch (e) {
    if (e instanceof RangeError) throw new CliError(`rolling-text: ${e.message}`)
    throw e
  }
}

/** Reads one input document given on the command line through the reader the
 *  HTTP upload uses (server/formats/documents.ts), within the same import
 *  bounds (`RT_LIMIT_IMPORT_…`): a Word file or a large text in a process
 *  with the import memory, a small text here; `-` is standard
 *  input, a Word file or a text by its first bytes. What the import could
 *  not map goes to `warn`; a file that is not a readable document, or one
 *  too large to import, is exit 2. */
export async function loadDocument(file: string, io: Pick<CliIO, 'cwd' | 'stdin'>, warn: WarningSink): Promise<Node> {
  const name = file === '-' ? '<stdin>' : file
  const bytes = await readInput(file, io)
  const limits = { ...defaultLimits, ...importLimitsFromEnv() }
  const result = isSmallText(bytes) ? await readHere(name, bytes, limits) : await readApart(name, bytes, limits)
  if (!result.ok) throw new CliError(formatIssue(name, result.error), 2)
  for (const warning of result.warnings) warn(formatIssue(name, warning, 'warning'))
  return result.doc
}

// A text grows in memory in proportion to its size, unlike a Word package
// (compressed, and able to expand a thousandfold), so one this small cannot
// exhaust the command's memory: it is read in this process, within the same
// bounds, sparing the ~150 ms a process of its own costs.
const smallTextBytes = 2 << 20
const isSmallText = (bytes: Uint8Array) => bytes.length <= smallTextBytes && !(bytes[0] === 0x50 && bytes[1] === 0x4b)

type Limits = typeof defaultLimits

async function readHere(name: string, bytes: Uint8Array, limits: Limits): Promise<ReadResult> {
  const { readDocument } = await import('../formats/documents')
  return readDocument(name, bytes, importBounds(limits))
}

async function readApart(name: string, bytes: Uint8Array, limits: Limits): Promise<ReadResult> {
  const { importPool, readInWorker } = await import('../workers')
  const pool = importPool(limits)
  return readInWorker(pool, name, bytes, limits).finally(() => pool.close())
}
