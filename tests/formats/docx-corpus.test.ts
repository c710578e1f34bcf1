import { describe, expect, it } from 'vitest'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportDocx } from '../../server/formats/docx-export'
import { importDocx } from '../../server/formats/docx-import'
import { countBrackets } from '../../shared/brackets/groups'
import { parseNotation } from '../../shared/notation/parse'
import { serializeNotation } from '../../shared/notation/serialize'
import { fixture } from '../builders/notation'
import { runCli } from '../harness/cli'
import { afterAllChanges, libreOfficeText, requireTool, soffice, unoPython } from '../harness/libreoffice'

const dir = join(__dirname, '../fixtures/docx')
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith('.docx'))
  .sort()
const expected = (name: string, kind: 'expected' | 'warnings') =>
  readFileSync(join(dir, name.replace(/\.docx$/, `.${kind}.txt`)), 'utf8')

describe('DOCX corpus (tests/fixtures/docx, made by generate.ts)', () => {
  it.each(corpus)('%s imports as its expected notation, with its expected warnings', async (name) => {
    expect(await runCli(['import', name], { cwd: dir })).toEqual({
      code: 0,
      stdout: expected(name, 'expected'),
      stderr: expected(name, 'warnings'),
    })
  })
})

describe('DOCX corpus: the expected notation written back to Word', () => {
  it.each(corpus)('%s: its notation → DOCX → import gives the same notation', async (name) => {
    const text = expected(name, 'expected')
    const parsed = parseNotation(text)
    if (!parsed.ok) throw new Error(parsed.error.message)
    const back = await importDocx(await exportDocx(parsed.doc))
    expect(back.ok && serializeNotation(back.doc)).toBe(text)
  })
})

/** The labels a text shows, in order: `I`, `1`, `a`, `ii`, `C`, from lines
 *  that start with one (`1.`, `(a)`, `a)`, `C.`, `# I.`, `\2.`). */
function labels(text: string): string[] {
  return text
    .split('\n')
    .map((line) => /^\s*(?:#\s*)?\[*\\?\(?([0-9]+|[a-zA-Z]{1,4})[.)]\s/.exec(line)?.[1])
    .filter((label): label is string => label !== undefined)
}

requireTool(soffice, 'LibreOffice (soffice)', 'the corpus is not compared with the numbers LibreOffice shows')
requireTool(unoPython, 'python3-uno', 'tracked changes are not accepted through UNO')

describe.skipIf(!soffice)('DOCX corpus against LibreOffice', () => {
  const numbered = [
    'un-template.docx',
    'numid-zero.docx',
    'restart-override.docx',
    'letter-lists.docx',
    'duplicates.docx',
    'brackets-across.docx',
  ]

  it('gives every paragraph the number LibreOffice shows', async () => {
    const shown = await libreOfficeText(numbered.map((n) => join(dir, n)))
    for (const name of numbered) {
      expect({ name, labels: labels(expected(name, 'expected')) }).toEqual({
        name,
        labels: labels(shown.get(name) ?? ''),
      })
    }
    // Every bracket LibreOffice shows is counted, spanning paragraphs or
    // not, or kept as a literal one (issue 11, point 5).
    const across = await importDocx(readFileSync(join(dir, 'brackets-across.docx')))
    if (!across.ok) throw new Error(across.error.message)
    const count = (text: string, ch: string) => text.split(ch).length - 1
    const { pairs } = countBrackets(across.doc)
    const text = shown.get('brackets-across.docx') ?? ''
    expect(pairs).toBe(12)
    expect(count(text, '[')).toBe(pairs + count(across.doc.textContent, '['))
    expect(count(text, ']')).toBe(pairs + count(across.doc.textContent, ']'))
  }, 120_000)

  it.skipIf(!unoPython)(
    'reads tracked changes as LibreOffice shows them after Accept All',
    async () => {
      const accepted = await afterAllChanges('accept', [join(dir, 'tracked.docx')])
      const text = accepted.get('tracked.docx') ?? ''
      expect(labels(text)).toEqual(labels(expected('tracked.docx', 'expected')))
      expect(text.replace(/\s+/g, ' ')).toContain('4. Parties agree.')
    },
    120_000,
  )

  it('round trip: notation → DOCX → LibreOffice re-save → import gives the same document', async () => {
    const work = mkdtempSync(join(tmpdir(), 'rt-resave-'))
    // Brackets across paragraphs too: their character style survives by name.
    const sources = ['sample-reading-1.txt', 'sample-reading-2.txt', 'docx/brackets-across.expected.txt']
    const docxName = (name: string) => name.replace(/^.*\//, '').replace('.txt', '.docx')
    for (const name of sources) writeFileSync(join(work, docxName(name)), await exportDocx(fixture(name)))
    const { execFileSync } = await import('node:child_process')
    execFileSync(
      soffice ?? 'soffice',
      [
        '--headless',
        `-env:UserInstallation=file://${join(work, 'profile')}`,
        '--convert-to',
        'docx:MS Word 2007 XML',
        '--outdir',
        join(work, 'out'),
        ...sources.map((n) => join(work, docxName(n))),
      ],
      { stdio: 'ignore', timeout: 110_000 },
    )
    for (const name of sources) {
      const result = await importDocx(readFileSync(join(work, 'out', docxName(name))))
      expect(result.ok && serializeNotation(result.doc)).toBe(serializeNotation(fixture(name)))
    }
  }, 120_000)
})
