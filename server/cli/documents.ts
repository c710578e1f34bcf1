import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Node } from 'prosemirror-model'
import type { ImportIssue } from '../../shared/formats/paragraphs'
import { defaultLimits, limitsFromEnv } from '../limits'
import { importPool, readInWorker } from '../workers'
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
 *  HTTP upload uses (server/formats/documents.ts), on a worker thread within
 *  the same import bounds and memory (`RT_LIMIT_IMPORT_…`); `-` is standard
 *  input, a Word file or a text by its first bytes. What the import could
 *  not map goes to `warn`; a file that is not a readable document, or one
 *  too large to import, is exit 2. */
export async function loadDocument(file: string, io: Pick<CliIO, 'cwd' | 'stdin'>, warn: WarningSink): Promise<Node> {
  const name = file === '-' ? '<stdin>' : file
  const bytes = await readInput(file, io)
  const limits = { ...defaultLimits, ...importLimitsFromEnv() }
  const pool = importPool(limits)
  const result = await readInWorker(pool, name, bytes, limits).finally(() => pool.close())
  if (!result.ok) throw new CliError(formatIssue(name, result.error), 2)
  for (const warning of result.warnings) warn(formatIssue(name, warning, 'warning'))
  return result.doc
}
