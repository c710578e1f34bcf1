import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { bracketReport } from '../../shared/brackets/groups'
import { serializeNotation } from '../../shared/notation/serialize'
import { exportDocx } from '../../server/formats/docx-export'
import { arbitraryDocument } from '../builders/arbitrary'
import { doc, g, opt, p, section, sub, subsub, chapeau } from '../builders'
import { fixture } from '../builders/notation'
import { docxPart, importOk } from './helpers'

describe('notation → DOCX → import', () => {
  it.each(['sample-reading-1.txt', 'sample-reading-2.txt'])(
    '%s comes back with the same clauses, numbers and brackets',
    async (name) => {
      const original = fixture(name)
      const { doc: back, warnings } = await importOk(await exportDocx(original))
      expect(warnings).toEqual([])
      expect(serializeNotation(back)).toBe(serializeNotation(original))
      expect(bracketReport(back)).toEqual(bracketReport(original))
      expect(back.attrs.meta).toEqual(original.attrs.meta)
    },
  )

  it('keeps ids, given labels, the ad ref status, attributions and literal brackets', async () => {
    const original = doc(
      section(
        'I',
        'Scope',
        chapeau('States shall:', { id: 'c-intro' }),
        p('Text [sic] with ', g(opt('shall', { by: 'Côte d’Ivoire' }), opt('should', { by: 'Brazil' })), '.', {
          id: 'c-7f2k',
          status: 'adref',
        }),
        p('Inserted.', { label: '1bis', id: 'c:1.bis_x' }),
        sub('under ', g(['on the ', g('30th', '90th'), ' day'])),
        subsub('deeper', { label: 'iv' }),
      ),
    )
    const { doc: back } = await importOk(await exportDocx(original))
    expect(back.toJSON()).toEqual(original.toJSON())
  })

  it('writes ids as hidden bookmarks and sections as Heading 1', async () => {
    const xml = await docxPart(await exportDocx(doc(section('II', 'Law', p('One.', { id: 'c-7f2k' })))))
    expect(xml).toContain('w:name="_rtc_2d7f2k"')
    expect(xml).toMatch(/<w:pStyle w:val="Heading1"\/>.*II\.<\/w:t><w:tab\/>.*Law<\/w:t>/)
  })

  it('holds for generated texts with nested brackets and Unicode (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryDocument, async (original) => {
        const { doc: back, warnings } = await importOk(await exportDocx(original))
        expect(warnings).toEqual([])
        expect(back.toJSON()).toEqual(original.toJSON())
      }),
      { numRuns: 40 },
    )
  })
})
