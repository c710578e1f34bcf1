import { newRef, oldRef, shownRef } from '../../shared/diff/refs'
import {
  DeletedTextRun,
  Document,
  HeadingLevel,
  InsertedTextRun,
  Packer,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx'
import type { ChangeCounts, ClauseChange, ClauseRef, ReadingDiff } from '../../shared/diff/types'
import { describeStatus } from '../../shared/diff/describe'
import { renumberedDocx } from './compilation-docx'
import { clauseStyles } from './docx-conventions'
import { documentStyles, hang, numberRun, pageNumberFooter, textWidth } from './docx-styles'

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
 *  with every insertion and deletion as a tracked change (`w:ins`/`w:del`,
 *  which Word shows underlined and struck through and lets a user accept or
 *  reject), renumbering tracked the same way, moved clauses marked with where
 *  they came from, and deleted clauses where they stood. */
export async function renderRedlineDocx(diff: ReadingDiff, options: RedlineOptions = {}): Promise<Buffer> {
  const oldLabel = options.oldLabel ?? 'Old reading'
  const newLabel = options.newLabel ?? 'New reading'
  const revisions = new Revisions(options.author ?? 'rolling-text', options.date ?? new Date().toISOString())
  const document = new Document({
    title: `Comparison of ${oldLabel} and ${newLabel}`,
    styles: { ...documentStyles, characterStyles: [...documentStyles.characterStyles, movedStyle] },
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
          ...redlineText(diff, revisions),
        ],
      },
    ],
  })
  return Packer.toBuffer(document)
}

const movedStyle = { id: 'RtMoved', name: 'RT Moved clause', run: { bold: true, color: '1B5E20' } }

/** Tracked changes need an id each and carry an author and a date. */
class Revisions {
  private next = 1
  private readonly date: string
  constructor(
    private readonly author: string,
    date: string,
  ) {
    // Word rejects fractional seconds in w:date.
    this.date = date.replace(/\.\d+(?=Z|[+-]\d\d:\d\d$)/, '')
  }
  inserted(text: string): InsertedTextRun {
    return new InsertedTextRun({ text, id: this.next++, author: this.author, date: this.date })
  }
  deleted(text: string): DeletedTextRun {
    return new DeletedTextRun({ text, id: this.next++, author: this.author, date: this.date })
  }
}

const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun(bold ? { text, bold } : text)] })] })
/** A table across the text width (twips), its columns as wide as `widths` says. */
const table = (header: string[], rows: string[][], widths: number[]) =>
  new Table({
    width: { size: textWidth, type: WidthType.DXA },
    columnWidths: widths.map((w) => Math.round((w / widths.reduce((a, b) => a + b)) * textWidth)),
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

/** The new reading in order, deleted clauses where they stood, with a
 *  section heading wherever the section changes. */
function redlineText(diff: ReadingDiff, revisions: Revisions): Paragraph[] {
  // A section that no longer exists may share its numeral with a new one: the new one names it.
  const titles = new Map(diff.summary.sections.filter((s) => s.new).map((s) => [s.numeral, s.title]))
  const out: Paragraph[] = []
  let section: string | null = null
  for (const change of diff.changes) {
    const ref = shownRef(change)
    if (ref.section !== section) {
      section = ref.section
      const title = titles.get(section)
      out.push(
        new Paragraph({
          heading: HeadingLevel.HEADING_1,
          tabStops: [{ type: TabStopType.LEFT, position: hang }],
          children: [numberRun(`${section}.`), ...(title ? [new TextRun(title)] : [])],
        }),
      )
    }
    out.push(
      new Paragraph({ style: clauseStyles[ref.level] ?? clauseStyles[1], children: clauseRuns(change, revisions) }),
    )
  }
  return out
}

function clauseRuns(change: ClauseChange, revisions: Revisions): ParagraphChild[] {
  const runs: ParagraphChild[] = []
  const oldNumber = change.old ? display(change.old) : ''
  const newNumber = change.new ? display(change.new) : ''
  if (oldNumber === newNumber) {
    if (newNumber) runs.push(new TextRun(newNumber))
  } else {
    if (oldNumber) runs.push(revisions.deleted(oldNumber))
    if (newNumber) runs.push(revisions.inserted(newNumber))
  }
  if (oldNumber || newNumber) runs.push(new TextRun({ children: [new Tab()] }))
  if (change.type === 'moved' && change.old)
    runs.push(new TextRun({ text: `[moved from ${change.old.key}] `, style: movedStyle.id }))
  if (change.type === 'added') runs.push(revisions.inserted(readable(newRef(change).text)))
  else if (change.type === 'deleted') runs.push(revisions.deleted(readable(oldRef(change).text)))
  else if (change.edits.length === 0) runs.push(new TextRun(readable(newRef(change).text)))
  else {
    for (const edit of change.edits) {
      const text = readable(edit.text)
      if (text === '') continue
      runs.push(
        edit.op === 'insert'
          ? revisions.inserted(text)
          : edit.op === 'delete'
            ? revisions.deleted(text)
            : new TextRun(text),
      )
    }
  }
  return runs
}

/** How a clause's number is printed: `4.`, `(c)`, `(ii)`, nothing for an
 *  unnumbered paragraph. */
function display(ref: ClauseRef): string {
  if (ref.level === 0) return ''
  const own = /\(([^()]*)\)$/.exec(ref.number)?.[1] ?? ref.number
  return ref.level === 1 ? `${own}.` : `(${own})`
}

/** Clause text in the notation, as a reader sees it: escapes undone. */
const readable = (text: string) => text.replace(/\\(.)/g, '$1')
