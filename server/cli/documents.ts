import { readFile } from 'node:fs/promises'
import { extname, resolve } from 'node:path'
import type { Node } from 'prosemirror-model'
import { formatNotationError, parseNotation } from '../../shared/notation/parse'
import { CliError } from './command'

/** Turns a file's bytes into a document, or throws a CliError naming the file
 *  (and line, where it has lines). */
export type DocumentLoader = (bytes: Buffer, file: string) => Promise<Node>

/** Reads the rolling-text notation; errors come out as `FILE:LINE:COL: message`. */
export const loadNotation: DocumentLoader = async (bytes, file) => {
  const result = parseNotation(bytes.toString('utf8'))
  if (!result.ok) throw new CliError(formatNotationError(file, result.error), 2)
  return result.doc
}

/** Loaders by file extension; anything else is read as the notation. */
export const loaders: Record<string, DocumentLoader> = {
  '.txt': loadNotation,
}

/** Reads and parses one input document given on the command line. */
export async function readDocument(file: string, cwd: string): Promise<Node> {
  let bytes: Buffer
  try {
    bytes = await readFile(resolve(cwd, file))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new CliError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code ?? String(e)})`)
  }
  const loader = loaders[extname(file).toLowerCase()] ?? loadNotation
  return loader(bytes, file)
}
