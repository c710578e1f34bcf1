import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import JSZip from 'jszip'
import { describeStatus } from '../../shared/diff/describe'
import type { ChangeCounts, ClauseChange, ReadingDiff } from '../../shared/diff/types'
import { renumberedDocx } from './compilation-docx'
import { RedlineBody, Revisions } from './redline-body'
import { documentStyles, pageNumberFooter, textWidth } from './docx-styles'

/** How a redline names the two readings and signs its tracked changes. */
export interface RedlineOptions {
  /** The readings compared, as a user calls them: `First reading`. */
  oldLabel?: string
  newLabel?: string
  /** The author Word shows on each tracked change. */
  author?: string
  /** When the comparison was made (ISO 8601); now by default. */
  date?: string
}

/** Renders a comparison of two readings as the redline Word users expect: a
 *  summary table and a list of changed clauses first, then the new reading
 *  with every change tracked (see redline-body.ts) so that Accept All gives
 *  the new reading and Reject All the old: insertions and deletions,
 *  renumbering, deleted clauses where they stood, moved clauses as Word move
 *  tracking with a comment naming where they came from. */
export async function renderRedlineDocx(diff: ReadingDiff, options: RedlineOptions = {}): Promise<Buffer> {
  const oldLabel = options.oldLabel ?? 'Old reading'
  const newLabel = options.newLabel ?? 'New reading'
  const revisions = new Revisions(options.author ?? 'rolling-text', options.date ?? new Date().toISOString())
  const body = new RedlineBody(revisions)
  const text = body.render(diff)
  const document = new Document({
    title: `Comparison of ${oldLabel} and ${newLabel}`,
    styles: documentStyles,
    comments: {
      children: body.comments.map((c) => ({
        id: c.id,
        author: revisions.author,
        date: new Date(revisions.date),
        children: [new Paragraph({ children: [new TextRun(c.text)] })],
      })),
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 } } },
        footers: { default: pageNumberFooter() },
        children: [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            children: [new TextRun(`Comparison of ${oldLabel} and ${newLabel}`)],
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Summary')] }),
          summaryTable(diff, oldLabel, newLabel),
          ...changedClauses(diff),
          ...renumberedDocx(diff, textWidth),
          new Paragraph({
            heading: HeadingLevel.HEADING_2,
            pageBreakBefore: true,
            children: [new TextRun(`${newLabel}, with changes from ${oldLabel}`)],
          }),
          new Paragraph({ children: [new TextRun(bodyMarker)] }),
        ],
      },
    ],
  })
  return withBody(await Packer.toBuffer(document), text)
}

/** Stands where the tracked-change body goes; the docx library cannot write
 *  move tracking or tracked paragraph marks, so the body is written as
 *  WordprocessingML (redline-body.ts) and put in its place. */
const bodyMarker = 'rolling-text:redline-body'

async function withBody(docx: Buffer, body: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx)
  const part = zip.file('word/document.xml')
  if (!part) throw new Error('the docx library wrote no word/document.xml')
  const xml = await part.async('string')
  const at = xml.indexOf(bodyMarker)
  const start = Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at))
  const end = xml.indexOf('</w:p>', at) + '</w:p>'.length
  if (at < 0 || start < 0) throw new Error('the redline body marker is missing')
  zip.file('word/document.xml', xml.slice(0, start) + body + xml.slice(end))
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}

/** Table text is 10 pt; a bold character of Times at 10 pt is at most about
 *  this wide (twips), and a cell's margins take this much of its width. */
const charWidth = 120
const cellMargins = 230

const cell = (text: string, bold = false) =>
  new TableCell({
    children: [new Paragraph({ children: [new TextRun(bold ? { text, bold, size: 20 } : { text, size: 20 })] })],
  })

/** Column widths across the text width (twips): each at least as wide as the
 *  longest word in it, so Word never breaks a header mid-word; what is left is
 *  shared as `weights` say. */
export function columnWidths(columns: string[][], weights: number[]): number[] {
  const least = columns.map(
    (texts) => Math.max(...texts.flatMap((t) => t.split(/\s+/)).map((w) => w.length)) * charWidth + cellMargins,
  )
  const spare = Math.max(0, textWidth - least.reduce((a, b) => a + b))
  const total = weights.reduce((a, b) => a + b)
  return least.map((w, i) => Math.round(w + (spare * (weights[i] ?? 0)) / total))
}

/** A table across the text width, its header repeated on each page. */
const table = (header: string[], rows: string[][], weights: number[]) =>
  new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: columnWidths(
      header.map((h, i) => [h, ...rows.map((r) => r[i] ?? '')]),
      weights,
    ),
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map(
        (row, i) =>
          new TableRow({
            cantSplit: true,
            children: row.map((text) => cell(text, i === rows.length - 1 && row[0] === 'Total')),
          }),
      ),
    ],
  })

function summaryTable(diff: ReadingDiff, oldLabel: string, newLabel: string): Table {
  const row = (label: string, c: ChangeCounts) => [
    label,
    ...[c.added, c.deleted, c.modified, c.moved, c.unchanged].map(String),
    `${c.brackets.old} → ${c.brackets.new}`,
  ]
  return table(
    ['Section', 'Added', 'Deleted', 'Modified', 'Moved', 'Unchanged', `Brackets (${oldLabel} → ${newLabel})`],
    [...diff.summary.sections.map((s) => row(`${s.numeral}. ${s.title}`, s)), row('Total', diff.summary)],
    [3.6, 1.3, 1.4, 1.6, 1.3, 1.8, 2.2],
  )
}

function changedClauses(diff: ReadingDiff): (Paragraph | Table)[] {
  const changed = diff.changes.filter((c) => c.type !== 'unchanged')
  if (!changed.length) return [new Paragraph({ children: [new TextRun('No clause changed.')] })]
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Changed clauses')] }),
    table(
      ['Clause', 'Was', 'Change', 'Kind'],
      changed.map((c) => [c.new?.key ?? '', c.old?.key ?? '', describeChange(c), c.tags.join(', ')]),
      [1, 1, 2, 2],
    ),
  ]
}

function describeChange(c: ClauseChange): string {
  const status = describeStatus(c)
  if (status) return `${c.type} (${status})`
  if (c.splitFrom) return `${c.type} (split from ${c.splitFrom})`
  if (c.mergedInto) return `${c.type} (merged into ${c.mergedInto})`
  return c.type
}
