import { DOMParser, type Document, type Element } from '@xmldom/xmldom'
import JSZip from 'jszip'
import { importDocx } from '../../server/formats/docx-import'
import { W } from '../../server/formats/ooxml'

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

/** A WordprocessingML part parsed, and its elements by local name in the `w:` namespace. */
export const parseXml = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml')
export const wElements = (node: Element | Document, name: string) => Array.from(node.getElementsByTagNameNS(W, name))

/** The text of an element's runs (`w:t`), joined. */
export const runText = (node: Element | Document) =>
  wElements(node, 't')
    .map((t) => t.textContent)
    .join('')
