import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import type { Node } from 'prosemirror-model'
import { diffReadings } from '../../shared/diff/index'
import { serializeInline } from '../../shared/notation/inline'
import { listSections } from '../../shared/schema/outline'
import { renderRedlineDocx } from '../../server/formats/redline-docx'
import { fixture, reading } from '../builders/notation'
import { afterAllChanges, requireTool, soffice, unoPython } from '../harness/libreoffice'

requireTool(
  soffice && unoPython,
  'LibreOffice with python3-uno',
  'the redline is not accepted and rejected in LibreOffice',
)

/** A reading as a Word user reads it: each heading and clause on its line,
 *  numbers and text, white space folded. */
function shownText(doc: Node): string[] {
  return listSections(doc).flatMap((s) => [
    ...(s.numeral === 'Preamble'
      ? []
      : [s.numeral.startsWith('Annex') ? `Annex ${s.title}` : `${s.numeral}. ${s.title}`]),
    ...s.clauses.map((c) => {
      // Brackets spanning paragraphs are typed before the first text and after the last.
      const text = `${'['.repeat(c.attrs.spanOpen)}${serializeInline(c.node.content)}${']'.repeat(c.attrs.spanClose)}`
      return `${c.number.display} ${text.replace(/\\(.)/g, '$1')}`.trim()
    }),
  ])
}

/** The text after the redline's "with changes from" heading, one line per paragraph. */
function redlinePart(text: string): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim())
  return lines.slice(lines.findIndex((l) => l.includes(', with changes from ')) + 1).filter(Boolean)
}

/** LibreOffice 7.4 without a GUI stops when it opens a file with comments
 *  through UNO (converting one works); the moved-from comments are checked in
 *  the XML, and taken out of the copy LibreOffice accepts and rejects. */
async function withoutComments(bytes: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes)
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? ''
  const stripped = xml.replace(
    /<w:commentRange(?:Start|End) w:id="\d+"\/>|<w:r><w:commentReference w:id="\d+"\/><\/w:r>/g,
    '',
  )
  expect(stripped).not.toBe(xml)
  zip.file('word/document.xml', stripped)
  return zip.generateAsync({ type: 'nodebuffer' })
}

const cases: [string, Node, Node][] = [
  ['the sample readings', fixture('sample-reading-1.txt'), fixture('sample-reading-2.txt')],
  [
    'a preamble and an annex, a clause moved out of the preamble',
    reading(
      '# Preamble.',
      'The Conference,',
      '',
      'Recalling its work,',
      '',
      'Noting the report,',
      '# I. A',
      '1. Decides.',
      '# Annex. Terms',
      '1. Open to all.',
    ),
    reading(
      '# Preamble.',
      'The Conference,',
      '',
      'Noting the report,',
      '# I. A',
      '1. Decides.',
      '2. Recalling its work,',
      '# Annex. Terms',
      '1. Open to all.',
      '2. Observers attend.',
    ),
  ],
  [
    'moves across and within sections, added and deleted clauses, renumbering',
    reading(
      '# I. A',
      '1. Alpha [one].',
      '2. Beta.',
      '3. Gamma moves down.',
      '4. Delta.',
      '# II. B',
      '1. Epsilon.',
      '2. Zeta goes.',
    ),
    reading(
      '# I. A',
      '1. Alpha one.',
      '2. Delta.',
      '3. Beta.',
      '4. New clause.',
      '# II. B',
      '1. Gamma moves down.',
      '2. Epsilon.',
    ),
  ],
  [
    'brackets spanning paragraphs resolved, widened and added (issue 11, point 5)',
    reading('# I. A', '1. Alpha.', '[2. Beta;', '3. Gamma.]', '4. Delta moves.', '[5. Epsilon;', '6. Zeta.]'),
    reading(
      '# I. A',
      '1. Delta moves.',
      '2. Alpha.',
      '3. Beta;',
      '4. Gamma.',
      '[5. Epsilon;',
      '6. Zeta;',
      '7. Eta.]',
      '[8. Theta.]',
    ),
  ],
]

describe.skipIf(!soffice || !unoPython)('redline in LibreOffice (UNO): Accept All and Reject All', () => {
  it('gives the new reading on Accept All and the old on Reject All, exactly', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-redline-'))
    const files = await Promise.all(
      cases.map(async ([, old, now], i) => {
        const file = join(dir, `case${i}.docx`)
        const bytes = await renderRedlineDocx(diffReadings(old, now), { oldLabel: 'Old', newLabel: 'New' })
        writeFileSync(file, await withoutComments(bytes))
        return file
      }),
    )
    const [accepted, rejected] = [await afterAllChanges('accept', files), await afterAllChanges('reject', files)]
    cases.forEach(([name, old, now], i) => {
      expect({ name, text: redlinePart(accepted.get(`case${i}.docx`) ?? '') }).toEqual({ name, text: shownText(now) })
      expect({ name, text: redlinePart(rejected.get(`case${i}.docx`) ?? '') }).toEqual({ name, text: shownText(old) })
    })
  }, 120_000)

  it('says where a moved clause came from in a Word comment, not in the text', async () => {
    const [, old, now] = cases[2]
    const zip = await JSZip.loadAsync(await renderRedlineDocx(diffReadings(old, now)))
    const comments = (await zip.file('word/comments.xml')?.async('string')) ?? ''
    expect(comments).toContain('Moved from I.3.')
    expect((await zip.file('word/document.xml')?.async('string')) ?? '').not.toContain('moved from')
  })
})
