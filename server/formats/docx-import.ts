import type { Document, Element } from '@xmldom/xmldom'
import { inMetaOrder } from '../../shared/formats/front-matter'
import {
  type ImportIssue,
  type ImportResult,
  interpretParagraphs,
  type SourceDocument,
  type SourceParagraph,
} from '../../shared/formats/paragraphs'
import { clauseStyles, metaPropertyPrefix, ourStyle, paragraphStyle } from './docx-conventions'
import { InlineReader, type NoteTexts, readNotes } from './docx-inline'
import { indentOf, isBold, ListNumbering, listOf, readStyles, type StyleFacts } from './docx-numbering'
import { type DocxParts, readDocxParts } from './docx-package'
import { describeExcess, type ImportBounds, type ImportExcess, importBounds } from './import-bounds'
import { elements, W, wAttr, wChild, wVal } from './ooxml'

/** Reads a Word file into the model: `I. Title` paragraphs (or Heading 1)
 *  start sections; numbered paragraphs, typed (`1.`, `(a)`, `a)`, `(i)`) or
 *  from Word's automatic numbering (computed as Word shows it), become
 *  clauses; square brackets become bracket groups; the title and a preamble
 *  before section I are kept. Tables, images, text boxes and footnotes are
 *  listed in the warnings with their text; tracked changes are read as if
 *  accepted. A file we exported comes back with its clause ids, labels,
 *  attributions and metadata, also after LibreOffice saved it again. */
export async function importDocx(
  bytes: Uint8Array,
  bounds: ImportBounds = importBounds(),
): Promise<ImportResult | TooLarge> {
  const read = await readDocxParts(bytes, bounds)
  if (!read.ok) {
    const error = { location: 'file', message: read.excess ? describeExcess(read.excess) : read.message }
    return read.excess ? { ok: false, error, excess: read.excess } : { ok: false, error }
  }
  return interpretParagraphs(readSource(read.parts))
}

/** A file refused for passing one of the import bounds (`error` says which in words). */
export type TooLarge = { ok: false; error: ImportIssue; excess: ImportExcess }

function readSource(parts: DocxParts): SourceDocument {
  const notes = readNotes(parts.footnotes, 'footnote', readNotes(parts.endnotes, 'endnote', new Map()))
  const reader = new BodyReader(
    readStyles(parts.styles),
    readCharacterStyles(parts.styles),
    new ListNumbering(parts.numbering),
    notes,
  )
  const body = wChild(parts.document.documentElement, 'body')
  if (body) reader.readBlocks(body)
  reader.flush()
  if (reader.trackedChanges) {
    reader.warnings.push({
      location: 'document',
      message: 'tracked changes: insertions are read as accepted and deletions as made',
    })
  }
  return { paragraphs: reader.paragraphs, meta: readMeta(parts.custom), warnings: reader.warnings }
}

/** Our metadata from the custom properties, or null when the file has none. */
function readMeta(custom: Document | null): Record<string, string> | null {
  const meta: Record<string, string> = {}
  for (const property of custom ? Array.from(custom.getElementsByTagName('property')) : []) {
    const name = property.getAttribute('name') ?? ''
    if (name.startsWith(metaPropertyPrefix)) meta[name.slice(metaPropertyPrefix.length)] = property.textContent ?? ''
  }
  // Other editors reorder custom properties (LibreOffice sorts them).
  return Object.keys(meta).length ? inMetaOrder(meta) : null
}

/** Character style ids mapped to our ids, by id or by name. */
function readCharacterStyles(styles: Document | null): Map<string, string> {
  const out = new Map<string, string>()
  for (const style of styles ? Array.from(styles.getElementsByTagNameNS(W, 'style')) : []) {
    if (wAttr(style, 'type') !== 'character') continue
    const id = wAttr(style, 'styleId') ?? ''
    const ours = ourStyle(id, wVal(style, 'name'))
    if (ours) out.set(id, ours)
  }
  return out
}

/** A short quote of a text for warnings: its first words. */
const quote = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim()
  return `"${flat.length > 60 ? `${flat.slice(0, 57).trimEnd()}…` : flat}"`
}

/** Walks the body in order, turning each paragraph into a SourceParagraph. */
class BodyReader {
  readonly paragraphs: SourceParagraph[] = []
  readonly warnings: ImportIssue[] = []
  trackedChanges = false
  private paragraphCount = 0
  private tableCount = 0
  /** Set at our annex heading: what follows is not part of the text. */
  private done = false
  /** Text of paragraphs whose mark was deleted: it joins the next paragraph. */
  private carried: InlineReader | null = null

  constructor(
    private styles: Map<string, StyleFacts>,
    private characterStyles: Map<string, string>,
    private lists: ListNumbering,
    private notes: NoteTexts,
  ) {}

  readBlocks(container: Element): void {
    for (const el of elements(container)) {
      if (this.done || el.namespaceURI !== W) continue
      if (el.localName === 'p') this.readParagraph(el)
      else if (el.localName === 'tbl') this.readTable(el)
      else if (el.localName === 'sdt') this.readBlocks(wChild(el, 'sdtContent') ?? el)
      else if (el.localName === 'customXml') this.readBlocks(el)
    }
  }

  /** Ends the body: text left from a deleted paragraph mark is a paragraph. */
  flush(): void {
    if (this.carried?.plain.trim()) this.push(this.carried, null, null, undefined, `paragraph ${this.paragraphCount}`)
    this.carried = null
  }

  private readTable(table: Element): void {
    const text = Array.from(table.getElementsByTagNameNS(W, 't'))
      .map((t) => t.textContent ?? '')
      .join(' ')
    this.warnings.push({
      location: `table ${++this.tableCount}`,
      message: `a table is not part of the text model: left out${text.trim() ? ` (it reads ${quote(text)})` : ''}`,
    })
  }

  private readParagraph(p: Element): void {
    const location = `paragraph ${++this.paragraphCount}`
    const pPr = wChild(p, 'pPr')
    const styleId = wVal(pPr, 'pStyle')
    const style = styleId ? this.styles.get(styleId) : undefined
    const ours = ourStyle(styleId, style?.name)
    if (ours === paragraphStyle.annex) {
      this.done = true
      return
    }
    const inline = this.carried ?? new InlineReader(this.characterStyles, this.notes)
    this.carried = null
    inline.read(p)
    this.trackedChanges ||= inline.trackedChanges
    const markRemoved = wChild(wChild(pPr, 'rPr'), 'del') ?? wChild(wChild(pPr, 'rPr'), 'moveFrom')
    if (markRemoved) {
      // Accepted, a deleted paragraph mark joins this paragraph to the next,
      // and the paragraph takes no number of its own.
      this.trackedChanges = true
      this.carried = inline
      return
    }
    this.push(inline, pPr, styleId, style, location)
  }

  private push(
    inline: InlineReader,
    pPr: Element | null,
    styleId: string | null,
    style: StyleFacts | undefined,
    location: string,
  ): void {
    for (const what of inline.leftOut) this.warnings.push({ location, message: what })
    const ref = listOf(pPr, styleId, style, this.lists)
    const list = ref ? this.lists.next(ref) : null
    if (list?.format === 'bullet')
      this.warnings.push({ location, message: 'a bulleted list item: kept as an unnumbered paragraph' })
    const label = list && list.format !== 'bullet' && list.label ? `${list.label} ` : ''
    const ours = ourStyle(styleId, style?.name)
    this.paragraphs.push({
      location,
      plain: label + inline.plain,
      source: label.replace(/[\\{[\]]/g, '\\$&') + inline.source,
      role: roleOf(ours, style, list?.format ?? null),
      headingLevel: style?.headingLevel ?? null,
      emphasis: isEmphasised(inline, isBold(wChild(pPr, 'rPr')) ?? style?.bold ?? false),
      indent: Math.round((indentOf(pPr) ?? style?.indent ?? 0) / 360),
      id: inline.id,
      adref: inline.adref,
      ...(inline.spanOpen || inline.spanClose ? { spans: { opens: inline.spanOpen, closes: inline.spanClose } } : {}),
    })
  }
}

/** Whether all of a paragraph's text is bold, as sub-headings are. */
const isEmphasised = (inline: InlineReader, paragraphBold: boolean) =>
  inline.boldness.length > 0 && inline.boldness.every((b) => b ?? paragraphBold)

/** What the markup says a paragraph is: our styles first, then a title or
 *  heading style, then the format of its automatic number. */
function roleOf(ours: string | null, style: StyleFacts | undefined, format: string | null): SourceParagraph['role'] {
  const level = clauseStyles.indexOf(ours as (typeof clauseStyles)[number])
  if (level >= 0) return level as SourceParagraph['role']
  if (ours === paragraphStyle.header || ours === paragraphStyle.stage) return 'front'
  if (style?.name === 'title') return 'title'
  if (style?.headingLevel === 1) return 'heading'
  switch (format) {
    case 'decimal':
    case 'decimalZero':
      return 1
    case 'lowerLetter':
    case 'upperLetter':
      return 2
    case 'lowerRoman':
      return 3
    case 'upperRoman':
      return 'heading'
    default:
      return null
  }
}
