import { describe, expect, it } from 'vitest'
import type { Element } from '@xmldom/xmldom'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readingHistory } from '../../shared/diff/history'
import { selectClauses } from '../../shared/diff/render-history'
import { renderHistoryDocx } from '../../server/formats/history-docx'
import { fixture } from '../builders/notation'
import { runCli } from '../harness/cli'
import { libreOfficeText, requireTool, soffice } from '../harness/libreoffice'
import { docxPart, parseXml, runText, wElements } from './helpers'

const files = [1, 2, 3, 4].map((k) => `history/reading-${k}.txt`)
const history = readingHistory(
  files.map((f) => {
    const doc = fixture(f)
    return { name: (doc.attrs.meta as Record<string, string>).reading ?? f, doc }
  }),
)
const parse = parseXml
const all = wElements
const text = runText

requireTool(soffice, 'LibreOffice (soffice)', 'the Word history is not opened in LibreOffice')

describe('the history in Word (D14)', () => {
  it('D14: the burn-down is a table, sections down and readings across, then a timeline table per clause', async () => {
    const xml = parse(await docxPart(await renderHistoryDocx(history)))
    const [burnDown, ...timelines] = all(xml, 'tbl')
    const rows = all(burnDown, 'tr').map((r) => all(r, 'tc').map(text))
    expect(rows[0]).toEqual(['Section', ...history.readings])
    expect(all(all(burnDown, 'tr')[0], 'tblHeader')).toHaveLength(1)
    expect(rows.at(-1)).toEqual(['Whole text', '6', '2', '0', '0'])
    expect(rows).toContainEqual(['I. General principles', '–', '–', '–', '0'])
    const shown = selectClauses(history, {})
    expect(timelines).toHaveLength(shown.length)
    const life = shown.findIndex((l) => l.key === 'III.2')
    const steps = all(timelines[life], 'tr').map((r) => all(r, 'tc').map(text))
    expect(steps[0]).toEqual(['Reading', 'What happened', 'Text'])
    expect(steps.map((s) => s[0]).slice(1)).toEqual([
      'First reading',
      'Second reading',
      'Third reading',
      'Fourth reading',
    ])
    expect(steps[2][1]).toBe('modified (brackets, modal)')
    expect(steps[2][2]).toContain('Brackets: [shall][should] resolved to “shall”')
    expect(steps[4][1]).toBe('renumbered II.2 → III.2, agreed ad referendum')
    // The words added in the third reading are underlined, the options dropped in the second struck through.
    const runs = (row: Element) => all(row, 'r')
    const thirdRow = all(timelines[life], 'tr')[3]
    expect(runs(thirdRow).some((r) => all(r, 'u').length > 0 && text(r).includes('throughout the life cycle'))).toBe(
      true,
    )
    expect(runs(all(timelines[life], 'tr')[2]).some((r) => all(r, 'strike').length > 0)).toBe(true)
  })

  it('D14: --clause keeps one clause; an unknown one says so', async () => {
    const one = parse(await docxPart(await renderHistoryDocx(history, { clause: 'III.2' })))
    expect(all(one, 'tbl')).toHaveLength(2)
    expect(text(parse(await docxPart(await renderHistoryDocx(history, { clause: 'IX.9' }))))).toContain(
      'No clause IX.9 in any reading.',
    )
  })

  it('rolling-text history --format docx writes the file, and needs -o', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-history-'))
    const out = join(dir, 'history.docx')
    const readings = files.map((f) => `tests/fixtures/${f}`)
    const written = await runCli(['history', ...readings, '--format', 'docx', '-o', out])
    expect(written.stderr).toBe('')
    expect(written.code).toBe(0)
    expect(text(parse(await docxPart(readFileSync(out))))).toContain('History: First reading → Second reading')
    const refused = await runCli(['history', ...readings, '--format', 'docx'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^rolling-text history: a Word history needs -o OUT\.docx/)
  })

  it.skipIf(!soffice)(
    'LibreOffice opens it and reads the burn-down and the timelines',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rt-history-lo-'))
      const file = join(dir, 'history.docx')
      writeFileSync(file, await renderHistoryDocx(history))
      const shown = (await libreOfficeText([file])).get('history.docx') ?? ''
      const lines = shown.split('\n').map((l) => l.trim())
      expect(lines).toContain('Brackets left')
      expect(lines).toContain('Whole text')
      expect(lines).toContain('III.2')
      expect(shown).toContain('throughout the life cycle of the system')
      expect(shown).toContain('[shall][should] resolved to “shall”')
    },
    120_000,
  )
})
