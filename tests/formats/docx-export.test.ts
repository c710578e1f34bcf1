import { describe, expect, it } from 'vitest'
import { exportDocx } from '../../server/formats/docx-export'
import { parseText } from '../builders/notation'
import { docxPart } from './helpers'

const text = parseText(
  [
    '% title: Draft decision',
    '% date: 2026-11-14',
    '% symbol: FCCC/CP/2026/L.3',
    '% distribution: Limited',
    '% original: Arabic',
    '# Preamble.',
    'The Conference of the Parties,',
    '# I. Scope',
    '1. يقرر مؤتمر الأطراف مواصلة برنامج العمل.',
    '2. Decides to continue.',
    '# Annex. Terms of reference',
    '1. The workshops are open.',
  ].join('\n'),
)

describe('DOCX export: a UN document', () => {
  it('opens with the header block from the metadata: symbol, distribution, date, original', async () => {
    const xml = await docxPart(await exportDocx(text))
    const header = [...xml.matchAll(/<w:pStyle w:val="RtHeader"\/>.*?<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1])
    expect(header).toEqual(['FCCC/CP/2026/L.3', 'Distr.: Limited', '2026-11-14', 'Original: Arabic'])
    expect(xml.indexOf('FCCC/CP/2026/L.3')).toBeLessThan(xml.indexOf('Draft decision'))
  })

  it('prints no heading for the preamble, and an annex as "Annex" over its title', async () => {
    const xml = await docxPart(await exportDocx(text))
    expect(xml).not.toContain('Preamble')
    expect(xml).toMatch(
      /<w:pStyle w:val="Heading1"\/>.*?<w:t[^>]*>Annex<\/w:t>.*?<w:pStyle w:val="Heading2"\/>.*?Terms of reference/,
    )
  })

  it('marks right-to-left paragraphs w:bidi, and only those', async () => {
    const xml = await docxPart(await exportDocx(text))
    const paragraphs = xml.split('<w:p>').filter((p) => p.includes('RtParagraph'))
    const bidi = paragraphs.filter((p) => p.includes('<w:bidi/>'))
    expect(bidi).toHaveLength(1)
    expect(bidi[0]).toContain('يقرر')
  })
})

describe('DOCX export: Word list numbering', () => {
  it('numbers plain sequences with Word lists and types only labels Word cannot write', async () => {
    const d = parseText(
      [
        '# I. A',
        '1. One.',
        '2. Two:',
        '  (a) first;',
        '  (b) second;',
        '2bis. Inserted.',
        '3. Three.',
        '# II. B',
        '1. Again one.',
      ].join('\n'),
    )
    const xml = await docxPart(await exportDocx(d))
    const paragraphs = xml.split('<w:p>').filter((p) => /RtParagraph|RtSubparagraph/.test(p))
    const listed = paragraphs.map((p) =>
      p.includes('<w:numPr>') ? 'list' : /<w:t[^>]*>2bis\.<\/w:t>/.test(p) ? 'typed' : '?',
    )
    expect(listed).toEqual(['list', 'list', 'list', 'list', 'typed', 'list', 'list'])
    // Each section is an instance of its own, so section II starts at 1.
    const numIds = paragraphs.map((p) => /<w:numId w:val="(\d+)"\/>/.exec(p)?.[1])
    expect(numIds[6]).not.toBe(numIds[0])
    const { importDocx } = await import('../../server/formats/docx-import')
    const back = await importDocx(await exportDocx(d))
    const { serializeNotation } = await import('../../shared/notation/serialize')
    expect(back.ok && serializeNotation(back.doc)).toBe(serializeNotation(d))
  })
})
