import JSZip from 'jszip'
import type { Document } from '@xmldom/xmldom'
import { parseXml } from './ooxml'

/** The XML parts of a Word file that import reads. */
export interface DocxParts {
  document: Document
  styles: Document | null
  numbering: Document | null
  /** docProps/custom.xml: custom properties (our metadata). */
  custom: Document | null
  /** word/footnotes.xml and word/endnotes.xml: the notes' text. */
  footnotes: Document | null
  endnotes: Document | null
}

/** Opens a .docx and parses the parts import needs, or says in words a user
 *  understands why the file is not a Word document. */
export async function readDocxParts(
  bytes: Uint8Array,
): Promise<{ ok: true; parts: DocxParts } | { ok: false; message: string }> {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return { ok: false, message: 'a Word 97-2003 (.doc) file: save it as .docx (Word Document) and import that' }
  }
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch {
    return {
      ok: false,
      message: 'not a Word document: a .docx is a ZIP package and this file is not one (or it is damaged)',
    }
  }
  const main = await mainDocumentPath(zip)
  const read = async (path: string) => zip.file(path)?.async('string') ?? null
  if (!zip.file(main)) return { ok: false, message: `not a Word document: the package has no ${main}` }
  const documentXml = await read(main).catch(() => null)
  if (documentXml === null) return { ok: false, message: `damaged Word document: ${main} cannot be unpacked` }
  const document = parseXml(documentXml)
  if (!document.ok)
    return { ok: false, message: `damaged Word document: ${main} is not well-formed XML (${document.message})` }
  // Word names these parts alike in every file; they sit beside the main part.
  const folder = main.slice(0, main.lastIndexOf('/') + 1)
  const optional = async (path: string) => {
    const text = await read(path).catch(() => null)
    const parsed = text === null ? null : parseXml(text)
    return parsed?.ok ? parsed.doc : null
  }
  return {
    ok: true,
    parts: {
      document: document.doc,
      styles: await optional(`${folder}styles.xml`),
      numbering: await optional(`${folder}numbering.xml`),
      custom: await optional('docProps/custom.xml'),
      footnotes: await optional(`${folder}footnotes.xml`),
      endnotes: await optional(`${folder}endnotes.xml`),
    },
  }
}

/** The main document part named by the package relationships (word/document.xml
 *  in every file Word writes). */
async function mainDocumentPath(zip: JSZip): Promise<string> {
  const rels = await zip
    .file('_rels/.rels')
    ?.async('string')
    .catch(() => null)
  const parsed = rels ? parseXml(rels) : null
  const main = parsed?.ok
    ? Array.from(parsed.doc.getElementsByTagName('Relationship')).find((r) =>
        r.getAttribute('Type')?.endsWith('/officeDocument'),
      )
    : undefined
  return main?.getAttribute('Target')?.replace(/^\//, '') || 'word/document.xml'
}
