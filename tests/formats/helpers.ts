import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import JSZip from 'jszip'
import type { Node } from 'prosemirror-model'
import { parseNotation } from '../../shared/notation/parse'
import { importDocx } from '../../server/formats/docx-import'

/** A fixture read with the notation parser; throws if it does not parse. */
export function fixture(name: string): Node {
  const result = parseNotation(readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8'))
  if (!result.ok) throw new Error(`${name}:${result.error.line}:${result.error.column}: ${result.error.message}`)
  return result.doc
}

/** One part of a Word file, as text. */
export async function docxPart(bytes: Uint8Array, path = 'word/document.xml'): Promise<string> {
  const file = (await JSZip.loadAsync(bytes)).file(path)
  if (!file) throw new Error(`no ${path} in the package`)
  return file.async('string')
}

/** Imports a Word file that must import; returns the document and warnings. */
export async function importOk(bytes: Uint8Array) {
  const result = await importDocx(bytes)
  if (!result.ok) throw new Error(`${result.error.location}: ${result.error.message}`)
  return result
}
