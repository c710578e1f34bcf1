import type { Document, Element } from '@xmldom/xmldom'
import { writeAttributeBlock } from '../../shared/notation/attributes'
import {
  escapeInline,
  interpretParagraphs,
  type ImportIssue,
  type ImportResult,
  type SourceDocument,
  type SourceParagraph,
} from '../../shared/formats/paragraphs'
import type { ClauseLevel } from '../../shared/schema/nodes'
import {
  characterStyle,
  clauseIdFromBookmark,
  clauseStyles,
  metaPropertyPrefix,
  paragraphStyle,
} from './docx-conventions'
import { indentOf, listRef, ListNumbering, readStyles, type StyleFacts } from './docx-numbering'
import { readDocxParts, type DocxParts } from './docx-package'
import { elements, W, wAttr, wChild, wVal } from './ooxml'

/** Reads a Word file into the model: `I. Title` paragraphs (or Heading 1)
 *  start sections; numbered paragraphs, typed (`1.`, `(a)`, `(i)`) or from
 *  Word's automatic numbering, become clauses; square brackets become bracket
 *  groups. Tables, images, footnotes and the like are left out and listed in
 *  the warnings; tracked changes are read as if accepted. A file we exported
 *  comes back with its clause ids, labels, attributions and metadata. */
export async function importDocx(bytes: Uint8Array): Promise<ImportResult> {
  const read = await readDocxParts(bytes)
  if (!read.ok) return { ok: false, error: { location: 'file', message: read.message } }
  return interpretParagraphs(readSource(read.parts))
}

function readSource(parts: DocxParts): SourceDocument {
  const reader = new BodyReader(readStyles(parts.styles), new ListNumbering(parts.numbering))
  const body = wChild(parts.document.documentElement, 'body')
  if (body) reader.readBlocks(body)
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
  return Object.keys(meta).length ? meta : null
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

  constructor(
    private styles: Map<string, StyleFacts>,
    private lists: ListNumbering,
  ) {}

  readBlocks(container: Element): void {
    for (const el of elements(container)) {
      if (this.done || el.namespaceURI !== W) continue
      if (el.localName === 'p') this.readParagraph(el)
      else if (el.localName === 'tbl') {
        this.warnings.push({
          location: `table ${++this.tableCount}`,
          message: 'a table is not part of the text model: left out',
        })
      } else if (el.localName === 'sdt') this.readBlocks(wChild(el, 'sdtContent') ?? el)
      else if (el.localName === 'customXml') this.readBlocks(el)
    }
  }

  private readParagraph(p: Element): void {
    const location = `paragraph ${++this.paragraphCount}`
    const pPr = wChild(p, 'pPr')
    const styleId = wVal(pPr, 'pStyle')
    if (styleId === paragraphStyle.annex) {
      this.done = true
      return
    }
    const style = styleId ? this.styles.get(styleId) : undefined
    const inline = new InlineReader()
    inline.read(p)
    this.trackedChanges ||= inline.trackedChanges
    for (const what of inline.leftOut)
      this.warnings.push({ location, message: `${what} is not part of the text model: left out` })
    const ref = listRef(pPr) ?? style?.list ?? null
    const list = ref ? this.lists.next(ref) : null
    if (list?.format === 'bullet')
      this.warnings.push({ location, message: 'a bulleted list item: kept as an unnumbered paragraph' })
    const label = list && list.format !== 'bullet' && list.label ? `${list.label} ` : ''
    this.paragraphs.push({
      location,
      plain: label + inline.plain,
      source: escapeInline(label) + inline.source,
      role: roleOf(styleId, style, list?.format ?? null),
      indent: Math.round((indentOf(pPr) ?? style?.indent ?? 0) / 360),
      id: inline.id,
      adref: inline.adref,
    })
  }
}

/** What the markup says a paragraph is: our clause styles first, then a
 *  heading style, then the format of its automatic number. */
function roleOf(styleId: string | null, style: StyleFacts | undefined, format: string | null): SourceParagraph['role'] {
  const level = clauseStyles.indexOf(styleId as (typeof clauseStyles)[number])
  if (level >= 0) return level as ClauseLevel
  if (style?.name === 'heading 1') return 'heading'
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

/** Elements whose runs are part of the paragraph's text. */
const transparent = new Set(['hyperlink', 'smartTag', 'customXml', 'fldSimple', 'dir', 'bdo'])
/** Run content that has no place in the model, by what to call it. */
const unmapped: Record<string, string> = {
  footnoteReference: 'a footnote',
  endnoteReference: 'an endnote',
  drawing: 'an image or text box',
  pict: 'an image or text box',
  object: 'an embedded object',
  sym: 'a symbol character',
}

/** Reads the runs of one paragraph into plain text and notation source. */
class InlineReader {
  plain = ''
  source = ''
  id: string | null = null
  adref = false
  trackedChanges = false
  readonly leftOut = new Set<string>()
  /** Attribution text collected from consecutive runs (Word splits runs freely). */
  private attribution = ''

  read(el: Element): void {
    for (const child of elements(el)) {
      const name = child.localName ?? ''
      if (child.namespaceURI !== W) {
        if (name === 'oMath' || name === 'oMathPara') this.leftOut.add('an equation')
      } else if (name === 'r') this.readRun(child)
      else if (transparent.has(name)) this.read(child)
      else if (name === 'sdt') this.read(wChild(child, 'sdtContent') ?? child)
      else if (name === 'ins' || name === 'moveTo') {
        this.trackedChanges = true
        this.read(child)
      } else if (name === 'del' || name === 'moveFrom') this.trackedChanges = true
      else if (name === 'bookmarkStart') this.id ??= clauseIdFromBookmark(wAttr(child, 'name') ?? '')
    }
    this.flushAttribution()
  }

  private readRun(run: Element): void {
    const rPr = wChild(run, 'rPr')
    // Hidden text is not part of what the reader sees.
    if (wChild(rPr, 'vanish')) return
    let text = ''
    for (const part of elements(run)) {
      const name = part.localName ?? ''
      if (name === 't') text += part.textContent ?? ''
      else if (name === 'tab' || name === 'br' || name === 'cr') text += ' '
      else if (name === 'noBreakHyphen') text += '\u2011'
      else if (unmapped[name]) this.leftOut.add(unmapped[name])
    }
    const style = wVal(rPr, 'rStyle')
    if (style === characterStyle.adref) this.adref = true
    else if (style === characterStyle.proposedBy) this.attribution += text
    else if (text) {
      this.flushAttribution()
      this.plain += text
      this.source += escapeInline(text, style === characterStyle.literal)
    }
  }

  private flushAttribution(): void {
    if (this.attribution) this.source += writeAttributeBlock({ pairs: { by: this.attribution } })
    this.attribution = ''
  }
}
