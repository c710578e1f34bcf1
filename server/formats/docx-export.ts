import {
  AlignmentType,
  Bookmark,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx'
import type { Fragment, Node } from 'prosemirror-model'
import { annexRows, type AnnexPosition } from '../../shared/formats/annex'
import { isRightToLeft, sectionHeadingText } from '../../shared/formats/sections'
import { listSections, type ClauseEntry } from '../../shared/schema/outline'
import {
  characterStyle,
  clauseBookmarkName,
  clauseStyles,
  metaPropertyPrefix,
  paragraphStyle,
} from './docx-conventions'
import { clauseList, clauseNumbering, listLevels } from './docx-lists'
import { documentStyles, hang, numberRun, pageNumberFooter } from './docx-styles'

/** Options for the DOCX of a text. */
export interface DocxExportOptions {
  /** State positions to list in an annex table after the text. */
  positions?: readonly AnnexPosition[]
}

/** Writes a document as a Word file laid out like a UN text: the header
 *  block, section headings `I. Title` in Heading 1; clause numbers (`1.`,
 *  `(a)`, `(i)`) from Word's list numbering where Word can show them and typed
 *  where it cannot (`4bis`), hanging in the margin; brackets as typed
 *  characters. What a reader does
 *  not see, our import reads back: clause ids as hidden bookmarks, the level
 *  in the paragraph style, literal brackets, attributions and the ad ref
 *  status in character styles, the metadata in custom properties (see
 *  docx-conventions.ts). */
export async function exportDocx(doc: Node, options: DocxExportOptions = {}): Promise<Buffer> {
  const meta = doc.attrs.meta as Record<string, string>
  const body = listSections(doc).flatMap((section, index) => {
    const levels = listLevels(section.clauses)
    return [
      ...sectionHeading(section.numeral, section.title),
      ...section.clauses.map((entry, i) => clauseParagraph(entry, levels[i] ?? null, index + 1)),
    ]
  })
  const document = new Document({
    title: meta.title,
    customProperties: Object.entries(meta).map(([key, value]) => ({ name: metaPropertyPrefix + key, value })),
    styles: documentStyles,
    numbering: clauseNumbering,
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 } } },
        footers: { default: pageNumberFooter() },
        children: [...frontMatter(meta), ...body, ...(options.positions ? annex(doc, options.positions) : [])],
      },
    ],
  })
  return Packer.toBuffer(document)
}

/** A section's heading paragraphs: none for the preamble, `Annex II` in
 *  Heading 1 with its title in Heading 2 under it, `IV.` ⇥ title in Heading 1. */
function sectionHeading(numeral: string, title: string): Paragraph[] {
  const heading = sectionHeadingText(numeral, title)
  if (heading.kind === 'none') return []
  if (heading.kind === 'annex')
    return [
      new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(heading.label)] }),
      ...(title ? [new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(title)] })] : []),
    ]
  return [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      tabStops: [{ type: TabStopType.LEFT, position: hang }],
      children: [numberRun(heading.label), ...(title ? [new TextRun(title)] : [])],
    }),
  ]
}

/** The UN header block from the metadata (symbol, distribution, date,
 *  original language), then the title and the reading. */
function frontMatter(meta: Record<string, string>): Paragraph[] {
  const stage = [meta.reading, meta.date].filter(Boolean).join(', ')
  const header = [
    meta.symbol ? { text: meta.symbol, align: AlignmentType.RIGHT, bold: true } : null,
    meta.distribution ? { text: `Distr.: ${meta.distribution}`, align: AlignmentType.RIGHT, bold: false } : null,
    meta.date && meta.symbol ? { text: meta.date, align: AlignmentType.RIGHT, bold: false } : null,
    meta.original ? { text: `Original: ${meta.original}`, align: AlignmentType.RIGHT, bold: false } : null,
  ].filter((line) => line !== null)
  return [
    ...header.map(
      (line) =>
        new Paragraph({
          style: paragraphStyle.header,
          alignment: line.align,
          children: [new TextRun(line.bold ? { text: line.text, bold: true } : line.text)],
        }),
    ),
    ...(meta.title ? [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(meta.title)] })] : []),
    ...(stage ? [new Paragraph({ style: paragraphStyle.stage, children: [new TextRun(stage)] })] : []),
  ]
}

/** One clause: numbered by Word's list (`level`, in the section's own list
 *  `instance`) when Word can show its number, else with the number typed. */
function clauseParagraph(entry: ClauseEntry, level: number | null, instance: number): Paragraph {
  const typed = level === null && entry.number.display ? [numberRun(entry.number.display)] : []
  const span = (text: string) => (text ? [new TextRun({ text, style: characterStyle.span })] : [])
  const children: ParagraphChild[] = [
    ...typed,
    ...span('['.repeat(entry.attrs.spanOpen)),
    ...inlineRuns(entry.node.content),
    ...span(']'.repeat(entry.attrs.spanClose)),
    ...(entry.attrs.status === 'adref'
      ? [new TextRun({ text: ' (agreed ad ref.)', style: characterStyle.adref })]
      : []),
  ]
  const id = entry.attrs.id
  return new Paragraph({
    style: clauseStyles[entry.attrs.level],
    ...(level === null ? {} : { numbering: { reference: clauseList, level, instance } }),
    // Arabic and other right-to-left paragraphs are marked w:bidi.
    ...(isRightToLeft(entry.node.textContent) ? { bidirectional: true } : {}),
    children: id ? [new Bookmark({ id: clauseBookmarkName(id), children })] : children,
  })
}

/** Text and bracket groups as runs. Brackets that are text get the literal
 *  style so that import does not take them for negotiation brackets. */
function inlineRuns(content: Fragment): TextRun[] {
  const runs: TextRun[] = []
  content.forEach((node) => {
    if (node.isText) {
      for (const part of (node.text ?? '').split(/([[\]]+)/)) {
        if (part === '') continue
        runs.push(/^[[\]]/.test(part) ? new TextRun({ text: part, style: characterStyle.literal }) : new TextRun(part))
      }
      return
    }
    node.forEach((option) => {
      const by = option.attrs.proposedBy as string | null
      runs.push(new TextRun('['), ...inlineRuns(option.content), new TextRun(']'))
      if (by) runs.push(new TextRun({ text: by, style: characterStyle.proposedBy }))
    })
  })
  return runs
}

function annex(doc: Node, positions: readonly AnnexPosition[]): (Paragraph | Table)[] {
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun(bold ? { text, bold } : text)] })] })
  const header = new TableRow({
    tableHeader: true,
    children: ['Clause', 'State', 'Stance', 'On', 'Comment'].map((h) => cell(h, true)),
  })
  const rows = annexRows(doc, positions).map(
    (r) =>
      new TableRow({
        cantSplit: true,
        children: [r.clause, r.state, r.stance, r.target, r.comment].map((text) => cell(text)),
      }),
  )
  return [
    new Paragraph({
      style: paragraphStyle.annex,
      pageBreakBefore: true,
      children: [new TextRun('Annex: State positions')],
    }),
    new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }),
  ]
}
