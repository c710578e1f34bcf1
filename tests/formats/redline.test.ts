import { present } from '../../shared/present'
import { describe, expect, it } from 'vitest'
import { DOMParser, type Element } from '@xmldom/xmldom'
import type { ClauseChange, ClauseRef, ReadingDiff } from '../../shared/diff/types'
import { columnWidths, renderRedlineDocx } from '../../server/formats/redline-docx'
import { W } from '../../server/formats/ooxml'
import { docxPart } from './helpers'

const ref = (section: string, number: string, text: string, level = 1): ClauseRef => ({
  section,
  number,
  key: `${section}.${number}`,
  text,
  id: null,
  level,
  status: 'open',
  index: 0,
})

const change = (
  type: ClauseChange['type'],
  old: ClauseRef | null,
  now: ClauseRef | null,
  extra: Partial<ClauseChange> = {},
): ClauseChange => ({ type, old, new: now, renumbered: false, tags: [], edits: [], brackets: [], ...extra })

const counts = { added: 1, deleted: 1, modified: 1, moved: 1, unchanged: 1, brackets: { old: 4, new: 2 } }

/** A comparison as diffReadings reports it: one clause of each kind. */
const diff: ReadingDiff = {
  alignedBy: 'content',
  numbering: [],
  references: [],
  spans: [],
  summary: {
    ...counts,
    sections: [
      {
        ...counts,
        numeral: 'I',
        title: 'Scope',
        old: { numeral: 'I', title: 'Scope' },
        new: { numeral: 'I', title: 'Scope' },
      },
      {
        ...counts,
        numeral: 'V',
        title: 'Responsibility',
        old: { numeral: 'V', title: 'Responsibility' },
        new: { numeral: 'V', title: 'Responsibility' },
      },
    ],
  },
  changes: [
    change('added', null, ref('I', '2', 'Systems without lethal effects are not excluded.')),
    change('unchanged', ref('I', '2', 'Unchanged text.'), ref('I', '3', 'Unchanged text.'), { renumbered: true }),
    change(
      'modified',
      ref('I', '4', 'States [shall][should] act \\[sic\\].'),
      ref('I', '4', 'States shall act \\[sic\\].'),
      {
        tags: ['brackets', 'modal'],
        edits: [
          { op: 'equal', text: 'States ' },
          { op: 'delete', text: '[shall][should]' },
          { op: 'insert', text: 'shall' },
          { op: 'equal', text: ' act \\[sic\\].' },
        ],
      },
    ),
    change('deleted', ref('I', '5', 'States are encouraged to share good practices.'), null),
    change('moved', ref('V', '3', '[States bear responsibility.]'), ref('V', '1', 'States bear responsibility.'), {
      renumbered: true,
      edits: [
        { op: 'delete', text: '[' },
        { op: 'equal', text: 'States bear responsibility.' },
        { op: 'delete', text: ']' },
      ],
    }),
  ],
}

/** The body's paragraphs and tables in order, each as its kind and its runs:
 *  `ins:text`, `del:text` or plain text. */
async function bodyOf(bytes: Buffer) {
  const xml = new DOMParser().parseFromString(await docxPart(bytes), 'text/xml')
  const body = xml.getElementsByTagNameNS(W, 'body')[0]
  const blocks: { kind: string; runs: string[] }[] = []
  for (let el = body.firstChild; el; el = el.nextSibling) {
    // Paragraphs and tables only: move ranges are markers between them.
    if (el.nodeType !== el.ELEMENT_NODE || !['p', 'tbl'].includes((el as Element).localName ?? '')) continue
    const block = el as Element
    const runs = Array.from(block.getElementsByTagNameNS(W, 'r')).map((r) => {
      const parent = r.parentNode as Element
      const text = Array.from(r.childNodes)
        .map((c) => (c.nodeName === 'w:tab' ? '⇥' : c.textContent))
        .join('')
      const tracked = { ins: 'ins:', del: 'del:', moveFrom: 'from:', moveTo: 'to:' }[parent.localName ?? '']
      return `${tracked ?? ''}${text}`
    })
    blocks.push({ kind: present(block.localName), runs })
  }
  return blocks
}

describe('redline DOCX', () => {
  it('opens with the summary table, then the changed clauses', async () => {
    const blocks = await bodyOf(
      await renderRedlineDocx(diff, { oldLabel: 'First reading', newLabel: 'Second reading' }),
    )
    expect(blocks[0].runs.join('')).toBe('Comparison of First reading and Second reading')
    const firstTable = blocks.findIndex((b) => b.kind === 'tbl')
    expect(blocks.slice(0, firstTable).some((b) => b.runs.some((r) => r.startsWith('ins:')))).toBe(false)
    expect(blocks[firstTable].runs).toEqual([
      'Section',
      'Added',
      'Deleted',
      'Modified',
      'Moved',
      'Unchanged',
      'Brackets (First reading → Second reading)',
      'I. Scope',
      '1',
      '1',
      '1',
      '1',
      '1',
      '4 → 2',
      'V. Responsibility',
      '1',
      '1',
      '1',
      '1',
      '1',
      '4 → 2',
      'Total',
      '1',
      '1',
      '1',
      '1',
      '1',
      '4 → 2',
    ])
    const changed = blocks.filter((b) => b.kind === 'tbl')[1].runs
    // Renumbering alone is no change: the unchanged clause I.2 → I.3 is not listed.
    expect(changed.slice(4)).toEqual([
      'I.2',
      '',
      'added',
      '',
      'I.4',
      'I.4',
      'modified',
      'brackets, modal',
      '',
      'I.5',
      'deleted',
      '',
      'V.1',
      'V.3',
      'moved',
      '',
    ])
  })

  it('writes insertions and deletions as tracked changes, renumbering included', async () => {
    const blocks = await bodyOf(await renderRedlineDocx(diff, { author: 'Chair', date: '2025-09-01T10:00:00.123Z' }))
    const text = blocks
      .slice(blocks.findIndex((b) => b.runs.join('').startsWith('New reading, with changes')) + 1)
      .map((b) => b.runs)
    expect(text).toEqual([
      ['I.', '⇥', 'Scope'],
      // An added clause: its paragraph mark is tracked too (see the XML test below).
      ['ins:2.', 'ins:⇥', 'ins:Systems without lethal effects are not excluded.'],
      ['del:2.', 'ins:3.', '⇥', 'Unchanged text.'],
      ['4.', '⇥', 'States ', 'del:[shall][should]', 'ins:shall', ' act [sic].'],
      ['del:5.', 'del:⇥', 'del:States are encouraged to share good practices.'],
      ['V.', '⇥', 'Responsibility'],
      // A moved clause: Word move tracking, its old text where it stood, its
      // new text where it stands, and a comment (the empty run is its anchor).
      ['from:3.', 'from:⇥', 'from:[States bear responsibility.]'],
      ['to:1.', 'to:⇥', 'to:States bear responsibility.', 'to:'],
    ])
  })

  it('signs each tracked change with an id, the author and a date Word accepts', async () => {
    const xml = await docxPart(await renderRedlineDocx(diff, { author: 'Chair', date: '2025-09-01T10:00:00.123Z' }))
    const marks = [...xml.matchAll(/<w:(ins|del|move\w+) w:id="(\d+)" w:author="([^"]*)" w:date="([^"]*)"/g)]
    // 6 insertions or deletions and 2 paragraph marks; a move: 2 ranges, 2 contents, 2 marks.
    expect(marks.length).toBe(14)
    expect(new Set(marks.map((m) => m[2])).size).toBe(marks.length)
    expect(new Set(marks.map((m) => `${m[3]} ${m[4]}`))).toEqual(new Set(['Chair 2025-09-01T10:00:00Z']))
    expect(xml).toContain('<w:delText xml:space="preserve">[shall][should]</w:delText>')
  })
})

describe('redline tables', () => {
  it('give every column at least the width of its longest word, so headers never break mid-word', () => {
    const header = [
      'Section',
      'Added',
      'Deleted',
      'Modified',
      'Moved',
      'Unchanged',
      'Brackets (First reading → Second reading)',
    ]
    const widths = columnWidths(
      header.map((h) => [h, '12']),
      [3.6, 1.3, 1.4, 1.6, 1.3, 1.8, 2.2],
    )
    header.forEach((h, i) => {
      const longest = Math.max(...h.split(' ').map((w) => w.length))
      expect(widths[i]).toBeGreaterThanOrEqual(longest * 120 + 230)
    })
    expect(widths.reduce((a, b) => a + b)).toBeLessThanOrEqual(9026 + widths.length)
  })
})
