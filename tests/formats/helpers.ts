import JSZip from 'jszip'
import { importDocx } from '../../server/formats/docx-import'

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
