import {
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { type CompilationOmit, compilationRows, omittedNote } from '../../shared/diff/compilation'
import type { ReadingDiff, WordEdit } from '../../shared/diff/types'
import { documentStyles, pageNumberFooter } from './docx-styles'

/** How a compilation table names the readings and what it leaves out. */
export interface CompilationOptions {
  oldLabel?: string
  newLabel?: string
  omit?: readonly CompilationOmit[]
}

/** A4 landscape, in twips, with 2 cm margins: three columns of text need the width. */
const page = { width: 16838, height: 11906, margin: 1134 }
const tableWidth = page.width - 2 * page.margin

/** Clause text in the notation, as a reader sees it: escapes undone. */
const readable = (text: string) => text.replace(/\\(.)/g, '$1')

/** A clause's word edits as Word runs, after its key in bold when given:
 *  insertions underlined in green, deletions struck through in red. */
export const redlineRuns = (key: string | undefined, edits: readonly WordEdit[]) => [
  ...(key ? [new TextRun({ text: `${key} `, bold: true })] : []),
  ...edits.map((e) =>
    e.op === 'equal'
      ? new TextRun(readable(e.text))
      : e.op === 'insert'
        ? new TextRun({ text: readable(e.text), underline: {}, color: '1B5E20' })
        : new TextRun({ text: readable(e.text), strike: true, color: 'B71C1C' }),
  ),
]

const cell = (children: Paragraph[], width: number) =>
  new TableCell({ width: { size: width, type: WidthType.DXA }, children })

const columns = [0.39, 0.39, 0.22].map((share) => Math.round(share * tableWidth))

/** The side-by-side table secretariats circulate (SPEC.md D15): the clause
 *  as it stood, as it stands (deletions struck through, insertions
 *  underlined) and what changed, one row per changed clause in the new
 *  reading's order; the header row repeats on every page. Then the
 *  "Renumbered" table (D11). */
export async function renderCompilationDocx(diff: ReadingDiff, options: CompilationOptions = {}): Promise<Buffer> {
  const oldLabel = options.oldLabel ?? 'Old reading'
  const newLabel = options.newLabel ?? 'New reading'
  const omit = options.omit ?? []
  const rows = compilationRows(diff, omit)
  const header = new TableRow({
    tableHeader: true,
    children: [oldLabel, newLabel, 'What changed'].map((h, k) =>
      cell([new Paragraph({ children: [new TextRun({ text: h, bold: true })] })], columns[k]),
    ),
  })
  const body = rows.map(
    (row) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell([new Paragraph({ children: redlineRuns(row.change.old?.key, row.old) })], columns[0]),
          cell([new Paragraph({ children: redlineRuns(row.change.new?.key, row.new) })], columns[1]),
          cell(
            row.notes.map((n) => new Paragraph({ children: [new TextRun({ text: readable(n), size: 18 })] })),
            columns[2],
          ),
        ],
      }),
  )
  const note = omittedNote(omit)
  const document = new Document({
    title: `Compilation of changes: ${oldLabel} → ${newLabel}`,
    styles: documentStyles,
    sections: [
      {
        properties: {
          page: {
            size: { width: page.height, height: page.width, orientation: PageOrientation.LANDSCAPE },
            margin: { top: page.margin, bottom: page.margin, left: page.margin, right: page.margin },
          },
        },
        footers: { default: pageNumberFooter() },
        children: [
          new Paragraph({
            heading: HeadingLevel.TITLE,
            children: [new TextRun(`Compilation of changes: ${oldLabel} → ${newLabel}`)],
          }),
          ...(note ? [new Paragraph({ children: [new TextRun({ text: note, italics: true })] })] : []),
          rows.length
            ? new Table({
                width: { size: tableWidth, type: WidthType.DXA },
                columnWidths: columns,
                rows: [header, ...body],
              })
            : new Paragraph({ children: [new TextRun('No clause changed.')] }),
          ...renumberedDocx(diff, tableWidth),
        ],
      },
    ],
  })
  return Packer.toBuffer(document)
}

/** The "Renumbered" heading and table (old → new, with the start of each
 *  clause), and the references to check (D11, D12); nothing when no number
 *  changed. */
export function renumberedDocx(diff: ReadingDiff, width: number): (Paragraph | Table)[] {
  const moved = diff.numbering.filter((n) => n.old !== n.new)
  const out: (Paragraph | Table)[] = []
  if (moved.length) {
    const widths = [0.14, 0.14, 0.72].map((share) => Math.round(share * width))
    const line = (texts: string[], bold = false) =>
      new TableRow({
        tableHeader: bold,
        cantSplit: true,
        children: texts.map((t, k) =>
          cell([new Paragraph({ children: [new TextRun({ text: readable(t), bold })] })], widths[k]),
        ),
      })
    out.push(
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Renumbered')] }),
      new Table({
        width: { size: width, type: WidthType.DXA },
        columnWidths: widths,
        rows: [line(['Was', 'Now', 'Text'], true), ...moved.map((n) => line([n.old, n.new, n.excerpt]))],
      }),
    )
  }
  if (diff.references.length) {
    out.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('References to check')] }))
    for (const r of diff.references) {
      const fix = r.proposed ? `: read “${r.proposed}”` : ''
      out.push(
        new Paragraph({
          children: [new TextRun(`${r.in}: “${readable(r.text)}” cites ${r.cited}, now ${r.now ?? 'deleted'}${fix}`)],
        }),
      )
    }
  }
  return out
}
