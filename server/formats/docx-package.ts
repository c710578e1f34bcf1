import type { Document } from '@xmldom/xmldom'
import { type ImportBounds, type ImportExcess, importBounds, scanXml } from './import-bounds'
import { parseXml } from './ooxml'
import { readEntry, type ZipEntry, zipEntries } from './zip'

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

/** Why a package could not be read: a message a user understands, or the
 *  bound it passed. */
export type DocxPackageFailure = { ok: false; message: string; excess?: ImportExcess }

/** Opens a .docx and parses the parts import needs, or says in words a user
 *  understands why the file is not a Word document. The package is read
 *  within `bounds`: declared sizes are checked from the ZIP's directory,
 *  then every part is inflated no further than its bound (directories lie),
 *  and the main part is scanned for paragraphs and nesting before it is
 *  parsed. */
export async function readDocxParts(
  bytes: Uint8Array,
  bounds: ImportBounds = importBounds(),
): Promise<{ ok: true; parts: DocxParts } | DocxPackageFailure> {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    return { ok: false, message: 'a Word 97-2003 (.doc) file: save it as .docx (Word Document) and import that' }
  }
  const entries = zipEntries(bytes)
  if (!entries)
    return {
      ok: false,
      message: 'not a Word document: a .docx is a ZIP package and this file is not one (or it is damaged)',
    }
  const declared = declaredExcess(entries, bounds)
  if (declared) return tooLarge(declared)
  const parts = new PackageReader(bytes, entries, bounds)
  const main = mainDocumentPath(parts)
  if (!parts.has(main)) return { ok: false, message: `not a Word document: the package has no ${main}` }
  const documentXml = parts.text(main)
  if (typeof documentXml !== 'string') return documentXml ? tooLarge(documentXml) : unpackFailure(main)
  const scanned = scanXml(documentXml, main, bounds)
  if (scanned) return tooLarge(scanned)
  const document = parseXml(documentXml)
  if (!document.ok)
    return { ok: false, message: `damaged Word document: ${main} is not well-formed XML (${document.message})` }
  // Word names these parts alike in every file; they sit beside the main part.
  const folder = main.slice(0, main.lastIndexOf('/') + 1)
  const paths = {
    styles: `${folder}styles.xml`,
    numbering: `${folder}numbering.xml`,
    custom: 'docProps/custom.xml',
    footnotes: `${folder}footnotes.xml`,
    endnotes: `${folder}endnotes.xml`,
  }
  const optional: Omit<DocxParts, 'document'> = {
    styles: null,
    numbering: null,
    custom: null,
    footnotes: null,
    endnotes: null,
  }
  for (const [key, path] of Object.entries(paths) as [keyof typeof paths, string][]) {
    const read = optionalPart(parts, path, bounds)
    if ('excess' in read) return tooLarge(read.excess)
    optional[key] = read.doc
  }
  return { ok: true, parts: { document: document.doc, ...optional } }
}

/** A part import can do without: parsed, null when missing or damaged, or
 *  the bound it passed (its nesting is bounded too: its paragraphs are not
 *  the text's). */
function optionalPart(
  parts: PackageReader,
  path: string,
  bounds: ImportBounds,
): { doc: Document | null } | { excess: ImportExcess } {
  const text = parts.text(path)
  if (typeof text !== 'string') return text ? { excess: text } : { doc: null }
  const excess = scanXml(text, path, { ...bounds, paragraphs: Number.POSITIVE_INFINITY })
  if (excess) return { excess }
  const parsed = parseXml(text)
  return { doc: parsed.ok ? parsed.doc : null }
}

const unpackFailure = (main: string): DocxPackageFailure => ({
  ok: false,
  message: `damaged Word document: ${main} cannot be unpacked`,
})
const tooLarge = (excess: ImportExcess): DocxPackageFailure => ({ ok: false, message: 'too large', excess })

/** A bound the package's directory already declares passed, or null. */
function declaredExcess(entries: ZipEntry[], bounds: ImportBounds): ImportExcess | null {
  let total = 0
  for (const entry of entries) {
    if (entry.declaredSize > bounds.partBytes)
      return { bound: 'partBytes', limit: bounds.partBytes, found: entry.declaredSize, part: entry.name }
    total += entry.declaredSize
    if (total > bounds.totalBytes) return { bound: 'totalBytes', limit: bounds.totalBytes, found: total }
  }
  return null
}

/** Reads parts of one package, counting what it inflated against the
 *  bounds: each part at most `partBytes`, all together `totalBytes`. */
class PackageReader {
  private readonly byName = new Map<string, ZipEntry>()
  private expanded = 0

  constructor(
    private readonly bytes: Uint8Array,
    entries: ZipEntry[],
    private readonly bounds: ImportBounds,
  ) {
    for (const entry of entries) this.byName.set(entry.name, entry)
  }

  has(path: string): boolean {
    return this.byName.has(path)
  }

  /** The part as text; the bound it passed; or null when it is missing or
   *  cannot be unpacked. */
  text(path: string): string | ImportExcess | null {
    const entry = this.byName.get(path)
    if (!entry) return null
    const room = Math.min(this.bounds.partBytes, this.bounds.totalBytes - this.expanded)
    const read = readEntry(this.bytes, entry, room)
    if (!read.ok) {
      if (read.kind === 'damaged') return null
      return room < this.bounds.partBytes
        ? { bound: 'totalBytes', limit: this.bounds.totalBytes, found: this.expanded + read.size }
        : { bound: 'partBytes', limit: this.bounds.partBytes, found: read.size, part: path }
    }
    this.expanded += read.bytes.length
    return new TextDecoder().decode(read.bytes)
  }
}

/** The main document part named by the package relationships (word/document.xml
 *  in every file Word writes). */
function mainDocumentPath(parts: PackageReader): string {
  const rels = parts.text('_rels/.rels')
  const parsed = typeof rels === 'string' ? parseXml(rels) : null
  const main = parsed?.ok
    ? Array.from(parsed.doc.getElementsByTagName('Relationship')).find((r) =>
        r.getAttribute('Type')?.endsWith('/officeDocument'),
      )
    : undefined
  return main?.getAttribute('Target')?.replace(/^\//, '') || 'word/document.xml'
}
