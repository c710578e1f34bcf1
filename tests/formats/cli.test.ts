import { describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx'
import { runBin, runCli } from '../harness/cli'
import { docxPart } from './helpers'

const one = 'tests/fixtures/sample-reading-1.txt'
const two = 'tests/fixtures/sample-reading-2.txt'
const scratch = () => mkdtempSync(join(tmpdir(), 'rt-formats-'))

describe('rolling-text export and import', () => {
  it('export --format docx then import gives back the notation', async () => {
    const dir = scratch()
    expect(await runCli(['export', one, '--format', 'docx', '-o', join(dir, 'one.docx')])).toMatchObject({
      code: 0,
      stderr: '',
    })
    const back = await runCli(['import', join(dir, 'one.docx')])
    expect(back).toMatchObject({ code: 0, stderr: '' })
    expect(back.stdout).toBe(readFileSync(one, 'utf8').replace(/\n+$/, '\n'))
  })

  it('every command reads .docx input', async () => {
    const dir = scratch()
    await runCli(['export', two, '--format', 'docx', '-o', join(dir, 'two.docx')])
    const fromWord = await runCli(['brackets', join(dir, 'two.docx')])
    expect(fromWord.stdout).toBe((await runCli(['brackets', two])).stdout)
  })

  it('writes the notation, Akoma Ntoso and HTML, noting eIds derived from numbers', async () => {
    const txt = await runCli(['export', one, '--format', 'txt'])
    expect(txt.stdout).toBe(readFileSync(one, 'utf8').replace(/\n+$/, '\n'))
    const akn = await runCli(['export', one, '--format', 'akn'])
    expect(akn.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<akomaNtoso /)
    expect(akn.stderr).toBe(
      'note: 24 clause(s) have no id (I.1, I.2, I.3, …): their eIds derive from their numbers and change when the text is renumbered\n',
    )
    const dir = scratch()
    expect(
      (
        await runCli([
          'export',
          one,
          '--format',
          'html',
          '-o',
          join(dir, 'one.html'),
          '--positions',
          'tests/fixtures/sample-positions.json',
        ])
      ).code,
    ).toBe(0)
    const html = readFileSync(join(dir, 'one.html'), 'utf8')
    expect(html).toContain('<h2>Annex: State positions</h2>')
    expect(html).toContain('<td>I.1</td><td>China</td><td>support</td><td>lethal</td>')
  })

  it('puts the positions annex in the Word file', async () => {
    const dir = scratch()
    await runCli([
      'export',
      one,
      '--format',
      'docx',
      '-o',
      join(dir, 'a.docx'),
      '--positions',
      'tests/fixtures/sample-positions.json',
    ])
    const xml = await docxPart(readFileSync(join(dir, 'a.docx')))
    expect(xml).toContain('Annex: State positions')
    expect(xml).toMatch(
      /<w:tbl>.*<w:t xml:space="preserve">Retain the qualifier &apos;lethal&apos;: it is in the mandate/,
    )
    // The annex is not part of the text: importing the file leaves it out silently.
    const back = await runCli(['import', join(dir, 'a.docx')])
    expect(back.stderr).toBe('')
    expect(back.stdout).toBe(readFileSync(one, 'utf8').replace(/\n+$/, '\n'))
  })

  it('imports a plain UN-style text and says what it left out', async () => {
    const dir = scratch()
    writeFileSync(
      join(dir, 'plain.txt'),
      [
        'Draft elements',
        'Prepared by the Chair',
        '',
        'I. Scope',
        '1. States [shall][should] act',
        'in good faith.',
        '(a) first;',
        '1) odd.',
      ].join('\n'),
    )
    const result = await runCli(['import', join(dir, 'plain.txt')])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      '% title: Draft elements Prepared by the Chair\n\n# I. Scope\n1. States [shall][should] act in good faith.\n  (a) first;\n\n\\1) odd.\n',
    )
    expect(result.stderr).toBe(
      `${join(dir, 'plain.txt')}:8:1: warning: unknown numbering '1)': kept as an unnumbered paragraph\n`,
    )
  })

  it('prints warnings for what a Word file could not map', async () => {
    const dir = scratch()
    const table = new Table({ rows: [new TableRow({ children: [new TableCell({ children: [new Paragraph('x')] })] })] })
    writeFileSync(
      join(dir, 'w.docx'),
      await Packer.toBuffer(
        new Document({
          sections: [
            {
              children: [
                new Paragraph({ children: [new TextRun('I. Scope')] }),
                table,
                new Paragraph({ children: [new TextRun('1. Text.')] }),
              ],
            },
          ],
        }),
      ),
    )
    const result = await runCli(['import', join(dir, 'w.docx'), '-o', join(dir, 'w.txt')])
    expect(result).toMatchObject({
      code: 0,
      stdout: '',
      stderr: `${join(dir, 'w.docx')}: table 1: warning: a table is not part of the text model: left out (it reads "x")\n`,
    })
    expect(readFileSync(join(dir, 'w.txt'), 'utf8')).toBe('# I. Scope\n1. Text.\n')
  })

  it('fails on a file that is not a Word document with exit 2, one line, no stack trace (real process)', async () => {
    const dir = scratch()
    writeFileSync(join(dir, 'fake.docx'), 'not a zip')
    for (const args of [
      ['import', 'fake.docx'],
      ['diff', 'fake.docx', 'fake.docx'],
      ['export', 'fake.docx', '--format', 'txt'],
    ]) {
      const { code, stdout, stderr } = await runBin(args, dir)
      expect({ code, stdout, stderr }).toEqual({
        code: 2,
        stdout: '',
        stderr:
          'fake.docx: not a Word document: a .docx is a ZIP package and this file is not one (or it is damaged)\n',
      })
    }
  })

  it('refuses .doc, .odt, .rtf, .pdf, an encrypted .docx and binary files with one line and exit 2 (real process)', async () => {
    const dir = scratch()
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0])
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['old.doc', ole, /^old\.doc: a Word 97-2003 \(\.doc\) file: save it as \.docx/],
      ['locked.docx', ole, /^locked\.docx: an encrypted \(password-protected\) Word file/],
      ['a.odt', 'PK\u0003\u0004', /^a\.odt: an OpenDocument \(\.odt\) file/],
      ['a.rtf', '{\\rtf1 hello}', /^a\.rtf: a Rich Text \(\.rtf\) file/],
      ['a.pdf', '%PDF-1.7', /^a\.pdf: a PDF/],
      [
        'photo.txt',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
        /^photo\.txt: not a text file/,
      ],
      ['noext', Buffer.from([0, 1, 2, 3, 255, 254]), /^noext: not a text file/],
    ]
    for (const [name, bytes] of cases) writeFileSync(join(dir, name), bytes)
    for (const [name, , message] of cases) {
      for (const args of [
        ['import', name],
        ['brackets', name],
        ['export', name, '--format', 'txt'],
      ]) {
        const { code, stdout, stderr } = await runBin(args, dir)
        expect({ args, code, stdout }).toEqual({ args, code: 2, stdout: '' })
        expect(stderr).toMatch(message)
        expect(stderr.trimEnd().split('\n')).toHaveLength(1)
      }
    }
  })

  it('reads a plain UN-style .txt the same way in import, brackets, diff and export', async () => {
    const dir = scratch()
    writeFileSync(join(dir, 'plain.txt'), 'I. Scope\n1. States [shall][should] act.\n2. [Others] agree.\n')
    const imported = await runCli(['import', 'plain.txt'], { cwd: dir })
    expect(imported).toEqual({
      code: 0,
      stdout: '# I. Scope\n1. States [shall][should] act.\n2. [Others] agree.\n',
      stderr: '',
    })
    expect(await runCli(['brackets', 'plain.txt', '--format', 'json'], { cwd: dir })).toMatchObject({
      code: 0,
      stderr: '',
    })
    expect(await runCli(['diff', 'plain.txt', 'plain.txt'], { cwd: dir })).toMatchObject({ code: 0, stderr: '' })
    expect(await runCli(['export', 'plain.txt', '--format', 'txt'], { cwd: dir })).toEqual(imported)
  })

  it('reports a notation error in a .txt as FILE:LINE:COL', async () => {
    const dir = scratch()
    writeFileSync(join(dir, 'bad.txt'), '# I. Scope\n1. [open\n')
    expect(await runCli(['import', 'bad.txt'], { cwd: dir })).toMatchObject({
      code: 2,
      stderr: "bad.txt:2:4: '[' is never closed\n",
    })
  })

  it('refuses to write a Word file to the terminal', async () => {
    expect(await runCli(['export', one, '--format', 'docx'])).toMatchObject({
      code: 1,
      stderr: 'rolling-text export: a Word file needs -o OUT.docx (or -o - for stdout)\n',
    })
    expect(await runCli(['diff', one, two, '--format', 'docx'])).toMatchObject({
      code: 1,
      stderr: 'rolling-text diff: a Word redline needs -o OUT.docx (or -o - for stdout)\n',
    })
  })
})

describe('rolling-text diff --format docx', () => {
  it('writes a redline of the sample readings with tracked insertions and deletions', async () => {
    const dir = scratch()
    expect(await runCli(['diff', one, two, '--format', 'docx', '-o', join(dir, 'r.docx')])).toMatchObject({
      code: 0,
      stderr: '',
    })
    const xml = await docxPart(readFileSync(join(dir, 'r.docx')))
    expect(xml).toContain('Comparison of First reading and Second reading')
    expect(xml).toMatch(/<w:del [^>]*><w:r><w:delText xml:space="preserve">\[shall\]\[<\/w:delText><\/w:r><\/w:del>/)
    expect(xml).toMatch(
      /<w:ins [^>]*><w:r><w:t xml:space="preserve">2\.<\/w:t><\/w:r><w:r><w:tab\/><\/w:r><w:r><w:t xml:space="preserve">Systems without lethal effects/,
    )
    expect(xml).toMatch(/<w:moveTo [^>]*>/)
    expect(xml).not.toContain('moved from')
  })
})
