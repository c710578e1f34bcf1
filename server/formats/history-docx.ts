import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import { describeBracketChange, statusName } from '../../shared/diff/describe'
import type { ClauseLife, ReadingHistory } from '../../shared/diff/history'
import { type HistoryRenderOptions, selectClauses, showsEdits, stepTitle } from '../../shared/diff/render-history'
import { redlineRuns } from './compilation-docx'
import { documentStyles, pageNumberFooter, textWidth } from './docx-styles'

/** Clause text in the notation, as a reader sees it: escapes undone. */
const readable = (text: string) => text.replace(/\\(.)/g, '$1')

const cell = (children: Paragraph[], width: number) =>
  new TableCell({ width: { size: width, type: WidthType.DXA }, children })

const line = (text: string, options: { bold?: boolean; size?: number; italics?: boolean; strike?: boolean } = {}) =>
  new Paragraph({ children: [new TextRun({ text: readable(text), ...options })] })

/** A header row that repeats on every page, and rows that do not split. */
const row = (cells: TableCell[], header = false) =>
  new TableRow({ tableHeader: header, cantSplit: true, children: cells })

/** The history as a Word file (SPEC.md D14): the bracket burn-down as a
 *  table (bracket pairs per section per reading, and the whole text), then
 *  each clause's timeline as a table of its readings: what happened, and
 *  the words (insertions underlined, deletions struck through) with the
 *  bracket changes. The same clauses as the text and HTML forms show. */
export async function renderHistoryDocx(history: ReadingHistory, options: HistoryRenderOptions = {}): Promise<Buffer> {
  const title = `History: ${history.readings.join(' → ')}`
  const document = new Document({
    title,
    styles: documentStyles,
    sections: [
      {
        footers: { default: pageNumberFooter() },
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(title)] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Brackets left')] }),
          burnDownTable(history),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Clauses')] }),
          ...clauseTimelines(history, options),
        ],
      },
    ],
  })
  return Packer.toBuffer(document)
}

/** Sections down, readings across; `–` where a section did not exist. */
function burnDownTable(history: ReadingHistory): Table {
  const { readings, burnDown } = history
  const first = Math.round(textWidth * 0.4)
  const rest = Math.floor((textWidth - first) / Math.max(1, readings.length))
  const widths = [first, ...readings.map(() => rest)]
  const counts = (name: string, values: readonly (number | null)[], bold = false) =>
    row([
      cell([line(name, { bold })], widths[0]),
      ...values.map((v, k) => cell([line(v === null ? '–' : String(v), { bold })], widths[k + 1])),
    ])
  return new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      row(
        ['Section', ...readings].map((t, k) => cell([line(t, { bold: true })], widths[k])),
        true,
      ),
      ...burnDown.sections.map((s) => counts(`${s.numeral}. ${s.title}`, s.counts)),
      counts('Whole text', burnDown.total, true),
    ],
  })
}

const timelineWidths = [0.22, 0.26, 0.52].map((share) => Math.round(share * textWidth))

/** One heading and one table per clause shown; a line when there is none. */
function clauseTimelines(history: ReadingHistory, options: HistoryRenderOptions): (Paragraph | Table)[] {
  const lives = selectClauses(history, options)
  if (!lives.length)
    return [line(options.clause ? `No clause ${options.clause} in any reading.` : 'No clause changed.')]
  return lives.flatMap((life) => [
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(life.key)] }),
    new Table({
      width: { size: textWidth, type: WidthType.DXA },
      columnWidths: timelineWidths,
      rows: [
        row(
          ['Reading', 'What happened', 'Text'].map((t, k) => cell([line(t, { bold: true })], timelineWidths[k])),
          true,
        ),
        ...timelineRows(history, life),
      ],
    }),
  ])
}

/** The clause as it first stood (when it was there from the first reading
 *  shown), then one row per step. */
function timelineRows(history: ReadingHistory, life: ClauseLife): TableRow[] {
  const [w0, w1, w2] = timelineWidths
  const rows: TableRow[] = []
  const first = life.states.findIndex((s) => s !== null)
  const state = life.states[first]
  if (state && !life.steps.some((s) => s.reading === first))
    rows.push(
      row([
        cell([line(history.readings[first])], w0),
        cell([line(`${state.key}, ${statusName(state.status)}`)], w1),
        cell([line(state.text)], w2),
      ]),
    )
  for (const step of life.steps) {
    const before = life.states[step.reading - 1]?.text ?? ''
    const words = showsEdits(step)
      ? [new Paragraph({ children: redlineRuns(undefined, step.edits) })]
      : step.type === 'deleted'
        ? [line(before, { strike: true })]
        : [line(life.states[step.reading]?.text ?? '')]
    const brackets = step.brackets.map((b) => line(`Brackets: ${describeBracketChange(b)}`, { size: 20 }))
    rows.push(
      row([
        cell([line(history.readings[step.reading])], w0),
        cell([line(stepTitle(step))], w1),
        cell([...words, ...brackets], w2),
      ]),
    )
  }
  return rows
}
