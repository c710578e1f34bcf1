import type { Document, Element } from '@xmldom/xmldom'
import { writeAttributeBlock } from '../../shared/notation/attributes'
import { escapeInline } from '../../shared/formats/paragraphs'
import { characterStyle, clauseIdFromBookmark } from './docx-conventions'
import { isBold } from './docx-numbering'
import { elements, W, wAttr, wChild, wVal } from './ooxml'

/** The text of each footnote and endnote, by kind and id: `footnote:2`. */
export type NoteTexts = Map<string, string>

/** Reads the notes of a footnotes.xml or endnotes.xml part into `into`. */
export function readNotes(part: Document | null, kind: 'footnote' | 'endnote', into: NoteTexts): NoteTexts {
  for (const note of part ? Array.from(part.getElementsByTagNameNS(W, kind)) : []) {
    const text = textOf(note)
    if (text) into.set(`${kind}:${wAttr(note, 'id')}`, text)
  }
  return into
}

/** The visible text under an element, runs joined. */
function textOf(el: Element): string {
  return Array.from(el.getElementsByTagNameNS(W, 't'))
    .map((t) => t.textContent ?? '')
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}

const quote = (text: string) => `"${text.length > 80 ? `${text.slice(0, 77).trimEnd()}…` : text}"`

/** Elements whose runs are part of the paragraph's text. */
const transparent = new Set(['hyperlink', 'smartTag', 'customXml', 'fldSimple', 'dir', 'bdo'])
/** Run content that has no place in the model, by what to call it. */
const unmapped: Record<string, string> = {
  drawing: 'an image',
  pict: 'an image',
  object: 'an embedded object',
  sym: 'a symbol character',
}

/** Reads the runs of one paragraph into plain text and notation source. What
 *  the model cannot hold (notes, text boxes, images) is listed in `leftOut`,
 *  with its text. */
export class InlineReader {
  plain = ''
  source = ''
  id: string | null = null
  adref = false
  trackedChanges = false
  /** Brackets spanning paragraphs, in our span style: opening before the
   *  paragraph, closing after it. */
  spanOpen = 0
  spanClose = 0
  /** For each run with text: bold, not bold, or as its paragraph says (null). */
  readonly boldness: (boolean | null)[] = []
  readonly leftOut = new Set<string>()
  /** Attribution text collected from consecutive runs (Word splits runs freely). */
  private attribution = ''

  constructor(
    private characterStyles: Map<string, string>,
    private notes: NoteTexts,
  ) {}

  read(el: Element): void {
    for (const child of elements(el)) {
      const name = child.localName ?? ''
      if (child.namespaceURI !== W) {
        if (name === 'oMath' || name === 'oMathPara')
          this.leftOut.add('an equation is not part of the text model: left out')
        else if (name === 'AlternateContent') this.readAlternate(child)
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

  /** `mc:AlternateContent` holds one thing twice (a drawing and its VML
   *  fallback): read the first choice only. */
  private readAlternate(el: Element): void {
    const first = elements(el)[0]
    if (first) this.readObject(first)
  }

  /** A drawing, picture or alternate content: a text box keeps its text in
   *  the warning, anything else is an image. */
  private readObject(el: Element): void {
    const boxes = Array.from(el.getElementsByTagNameNS(W, 'txbxContent'))
    if (!boxes.length) {
      this.leftOut.add('an image is not part of the text model: left out')
      return
    }
    for (const box of boxes) {
      const text = textOf(box)
      this.leftOut.add(
        text
          ? `a text box is not part of the text model: left out (it reads ${quote(text)})`
          : 'an empty text box: left out',
      )
    }
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
      else if (name === 'footnoteReference' || name === 'endnoteReference') this.readNoteReference(part, name)
      else if (name === 'drawing' || name === 'pict' || name === 'AlternateContent') this.readObject(part)
      else if (unmapped[name]) this.leftOut.add(`${unmapped[name]} is not part of the text model: left out`)
    }
    const rStyle = wVal(rPr, 'rStyle')
    const style = rStyle ? (this.characterStyles.get(rStyle) ?? rStyle) : null
    if (style === characterStyle.adref) this.adref = true
    else if (style === characterStyle.span) this.readSpanBrackets(text)
    else if (style === characterStyle.proposedBy) this.attribution += text
    else if (text) {
      this.flushAttribution()
      this.plain += text
      this.source += escapeInline(text, style === characterStyle.literal)
      if (text.trim()) this.boldness.push(isBold(rPr))
    }
  }

  /** Our span brackets: shown in the plain text, counted, kept out of the source. */
  private readSpanBrackets(text: string): void {
    this.plain += text
    for (const ch of text) {
      if (ch === '[') this.spanOpen++
      else if (ch === ']') this.spanClose++
    }
  }

  private readNoteReference(part: Element, name: string): void {
    const kind = name === 'footnoteReference' ? 'footnote' : 'endnote'
    const text = this.notes.get(`${kind}:${wAttr(part, 'id')}`)
    this.leftOut.add(
      text
        ? `a ${kind} is not part of the text model: left out (it reads ${quote(text)})`
        : `a ${kind} is not part of the text model: left out`,
    )
  }

  private flushAttribution(): void {
    if (this.attribution) this.source += writeAttributeBlock({ pairs: { by: this.attribution } })
    this.attribution = ''
  }
}
