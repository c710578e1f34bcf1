import { describe, expect, it } from 'vitest'
import JSZip from 'jszip'
import {
  AlignmentType,
  Document,
  HeadingLevel,
  ImageRun,
  InsertedTextRun,
  DeletedTextRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx'
import { bracketReport } from '../../shared/brackets/groups'
import { serializeNotation } from '../../shared/notation/serialize'
import { importDocx } from '../../server/formats/docx-import'
import { importOk } from './helpers'

const pack = (children: (Paragraph | Table)[], numbering?: ConstructorParameters<typeof Document>[0]['numbering']) =>
  Packer.toBuffer(new Document({ ...(numbering && { numbering }), sections: [{ children }] }))

/** UN-style list levels, as Word's numbering dialog makes them. */
const unList = {
  config: [
    {
      reference: 'un',
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
        { level: 1, format: LevelFormat.LOWER_LETTER, text: '(%2)', alignment: AlignmentType.START },
        { level: 2, format: LevelFormat.LOWER_ROMAN, text: '(%3)', alignment: AlignmentType.START },
      ],
    },
    {
      reference: 'chapters',
      levels: [{ level: 0, format: LevelFormat.UPPER_ROMAN, text: '%1.', alignment: AlignmentType.START }],
    },
  ],
}

const item = (level: number, text: string, instance = 1) =>
  new Paragraph({ numbering: { reference: 'un', level, instance }, children: [new TextRun(text)] })
const heading = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(text)] })
const plain = (text: string) => new Paragraph({ children: [new TextRun(text)] })

describe('DOCX import: Word automatic numbering', () => {
  it('computes numbers from numbering.xml: decimal, lower letter, lower roman, restarting per list', async () => {
    const bytes = await pack(
      [
        heading('I. Working characterization'),
        item(0, 'A [lethal] autonomous weapon system [shall][should] be characterized.'),
        item(0, 'States shall ensure that the operator is able to:'),
        item(1, 'understand the system;'),
        item(2, 'in the context of use;'),
        item(2, 'over time;'),
        item(1, '[deactivate the system][intervene].'),
        heading('II. Application of international humanitarian law'),
        item(0, 'IHL applies [fully].', 2),
      ],
      unList,
    )
    const { doc, warnings } = await importOk(bytes)
    expect(warnings).toEqual([])
    expect(serializeNotation(doc)).toBe(
      [
        '# I. Working characterization',
        '1. A [lethal] autonomous weapon system [shall][should] be characterized.',
        '2. States shall ensure that the operator is able to:',
        '  (a) understand the system;',
        '    (i) in the context of use;',
        '    (ii) over time;',
        '  (b) [deactivate the system][intervene].',
        '',
        '# II. Application of international humanitarian law',
        '1. IHL applies [fully].',
        '',
      ].join('\n'),
    )
    expect(bracketReport(doc).total).toEqual({ pairs: 6, groups: 4 })
  })

  it('reads section headings numbered by an upper-roman list, and keeps numbering that runs on across sections', async () => {
    const chapter = (title: string) =>
      new Paragraph({ numbering: { reference: 'chapters', level: 0 }, children: [new TextRun(title)] })
    const bytes = await pack(
      [chapter('Scope'), item(0, 'One.'), item(0, 'Two.'), chapter('Law'), item(0, 'Three.')],
      unList,
    )
    const { doc } = await importOk(bytes)
    expect(serializeNotation(doc)).toBe('# I. Scope\n1. One.\n2. Two.\n\n# II. Law\n3. Three.\n')
  })
})

describe('DOCX import: headings', () => {
  it('takes any numeral from a Heading 1, and keeps a heading without one as text, with a warning', async () => {
    const { doc, warnings } = await importOk(
      await pack([heading('A. Preamble'), plain('1. One.'), heading('Introduction'), plain('2. Two.')]),
    )
    expect(serializeNotation(doc)).toBe('# A. Preamble\n1. One.\n\nIntroduction\n2. Two.\n')
    expect(warnings).toEqual([
      {
        location: 'section A, "Introduction"',
        message: "a heading without a section numeral ('I. Title'): kept as an unnumbered paragraph",
      },
    ])
  })
})

describe('DOCX import: typed numbers', () => {
  it('reads "1." and "(a)" typed as text, and a title before the first section', async () => {
    const bytes = await pack([
      new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('Draft elements')] }),
      plain('I.\tProhibitions'),
      plain('1.\tStates [shall][should] place limits on:'),
      new Paragraph({ indent: { left: 1134 }, children: [new TextRun('(a)\tthe types of targets;')] }),
      new Paragraph({ indent: { left: 1134 }, children: [new TextRun('(b)\tthe duration;')] }),
      new Paragraph({ indent: { left: 1701 }, children: [new TextRun('(i)\tin time;')] }),
      plain(''),
      plain('This paragraph has no number.'),
      plain('1bis.\tInserted between readings.'),
    ])
    const { doc, warnings } = await importOk(bytes)
    expect(warnings).toEqual([])
    expect(serializeNotation(doc)).toBe(
      [
        '% title: Draft elements',
        '',
        '# I. Prohibitions',
        '1. States [shall][should] place limits on:',
        '  (a) the types of targets;',
        '  (b) the duration;',
        '    (i) in time;',
        '',
        'This paragraph has no number.',
        '1bis. Inserted between readings.',
        '',
      ].join('\n'),
    )
  })

  it('keeps unbalanced brackets as text and says where', async () => {
    const { doc, warnings } = await importOk(await pack([plain('I. Scope'), plain('1. States [shall consider.')]))
    expect(warnings).toEqual([
      {
        location: 'section I, "1. States [shall consider."',
        message: "'[' is never closed: the brackets of this paragraph are kept as plain text",
      },
    ])
    expect(doc.textContent).toContain('States [shall consider.')
    expect(bracketReport(doc).total.pairs).toBe(0)
  })
})

describe('DOCX import: what does not map', () => {
  it('lists tables, images and unknown numbering with their locations, and reads tracked changes as accepted', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    )
    const bytes = await pack([
      plain('I. Scope'),
      plain('1. States shall [act].'),
      new Table({ rows: [new TableRow({ children: [new TableCell({ children: [plain('cell')] })] })] }),
      new Paragraph({
        children: [
          new TextRun('2. A figure '),
          new ImageRun({ type: 'png', data: png, transformation: { width: 10, height: 10 } }),
        ],
      }),
      plain('3) Odd numbering.'),
      new Paragraph({
        children: [
          new TextRun('4. States '),
          new DeletedTextRun({ text: 'should', id: 1, author: 'x', date: '2025-01-01T00:00:00Z' }),
          new InsertedTextRun({ text: 'shall', id: 2, author: 'x', date: '2025-01-01T00:00:00Z' }),
          new TextRun(' comply.'),
        ],
      }),
    ])
    const { doc, warnings } = await importOk(bytes)
    expect(warnings).toEqual([
      { location: 'table 1', message: 'a table is not part of the text model: left out (it reads "cell")' },
      { location: 'section I, "2. A figure"', message: 'an image is not part of the text model: left out' },
      { location: 'document', message: 'tracked changes: insertions are read as accepted and deletions as made' },
      {
        location: 'section I, "3) Odd numbering."',
        message: "unknown numbering '3)': kept as an unnumbered paragraph",
      },
    ])
    expect(serializeNotation(doc)).toContain('4. States shall comply.')
  })
})

describe('DOCX import: files that are not Word documents', () => {
  const failure = async (bytes: Uint8Array) => {
    const result = await importDocx(bytes)
    if (result.ok) throw new Error('expected the import to fail')
    return result.error
  }

  it('says a non-ZIP file is not a Word document', async () => {
    expect(await failure(Buffer.from('1. This is plain text, not a .docx'))).toEqual({
      location: 'file',
      message: 'not a Word document: a .docx is a ZIP package and this file is not one (or it is damaged)',
    })
  })

  it('says a ZIP without word/document.xml is not a Word document', async () => {
    const zip = new JSZip().file('hello.txt', 'hi')
    expect((await failure(await zip.generateAsync({ type: 'uint8array' }))).message).toBe(
      'not a Word document: the package has no word/document.xml',
    )
  })

  it('says a damaged document.xml is damaged', async () => {
    const zip = new JSZip().file('word/document.xml', '<w:document><w:body>')
    expect((await failure(await zip.generateAsync({ type: 'uint8array' }))).message).toMatch(
      /^damaged Word document: word\/document.xml is not well-formed XML/,
    )
  })

  it('recognises an old binary .doc', async () => {
    expect((await failure(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).message).toMatch(
      /Word 97-2003/,
    )
  })

  it('says a truncated .docx is not readable', async () => {
    const whole = await pack([plain('I. Scope'), plain('1. Text.')])
    expect((await failure(whole.subarray(0, whole.length / 2))).location).toBe('file')
  })
})
