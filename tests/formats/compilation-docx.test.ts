import { describe, expect, it } from 'vitest'
import { diffReadings } from '../../shared/diff/index'
import { compilationRows } from '../../shared/diff/compilation'
import { renderCompilationDocx } from '../../server/formats/compilation-docx'
import { renderRedlineDocx } from '../../server/formats/redline-docx'
import { W } from '../../server/formats/ooxml'
import { fixture } from '../builders/notation'
import { docxPart, parseXml, runText, wElements } from './helpers'

const diff = diffReadings(fixture('sample-reading-1.txt'), fixture('sample-reading-2.txt'))
const parse = parseXml
const all = wElements
const text = runText

describe('the compilation table in Word (D15)', () => {
  it('D15: a landscape table old | new | what changed, header repeated, a row per change, then Renumbered', async () => {
    const xml = parse(await docxPart(await renderCompilationDocx(diff, { oldLabel: 'R1', newLabel: 'R2' })))
    expect(all(xml, 'pgSz')[0].getAttributeNS(W, 'orient')).toBe('landscape')
    const [table, renumbered] = all(xml, 'tbl')
    const rows = all(table, 'tr')
    expect(rows).toHaveLength(compilationRows(diff).length + 1)
    expect(all(rows[0], 'tblHeader')).toHaveLength(1)
    expect(all(rows[0], 'tc').map(text)).toEqual(['R1', 'R2', 'What changed'])
    const body = rows.slice(1)
    expect(body.some((r) => all(r, 'strike').length > 0)).toBe(true)
    expect(body.some((r) => all(r, 'u').length > 0)).toBe(true)
    expect(text(xml)).toContain('Renumbered')
    expect(all(renumbered, 'tr').length).toBe(diff.numbering.filter((n) => n.old !== n.new).length + 1)
  })

  it('D15: --omit leaves rows out and says so', async () => {
    const xml = parse(await docxPart(await renderCompilationDocx(diff, { omit: ['editorial', 'renumbered'] })))
    const rows = all(all(xml, 'tbl')[0], 'tr')
    expect(rows).toHaveLength(compilationRows(diff, ['editorial', 'renumbered']).length + 1)
    expect(text(xml)).toContain('Leaves out editorial-only changes and renumbering-only changes.')
  })

  it('D11: the Word redline has the Renumbered table too', async () => {
    const xml = parse(await docxPart(await renderRedlineDocx(diff, { date: '2026-01-01T00:00:00Z' })))
    expect(text(xml)).toContain('Renumbered')
  })
})
