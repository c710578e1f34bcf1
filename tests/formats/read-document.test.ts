import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import JSZip from 'jszip'
import { readDocument } from '../../server/formats/documents'

const corpus = new URL('../fixtures/docx/', import.meta.url)
const fixture = (name: string) => readFileSync(new URL(name, corpus))

describe('readDocument: one reader for every file, never a crash', () => {
  it('answers any bytes under any name with a document or a failure, never an exception (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('a.docx', 'a.txt', 'a', 'a.doc', 'a.xml', 'A.DOCX'),
        fc.uint8Array({ maxLength: 400 }),
        async (name, bytes) => {
          const result = await readDocument(name, bytes)
          expect(typeof result.ok).toBe('boolean')
        },
      ),
      { numRuns: 300 },
    )
  })

  it('survives damaged Word files: bytes flipped in a real package, or its XML cut short (fast-check)', async () => {
    const whole = fixture('un-template.docx')
    const zip = await JSZip.loadAsync(whole)
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? ''
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(whole.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(xml.length),
        async (flips, cut) => {
          const damaged = Uint8Array.from(whole)
          for (const [at, value] of flips) damaged[at] = value
          expect(typeof (await readDocument('x.docx', damaged)).ok).toBe('boolean')
          const truncated = await new JSZip()
            .file('word/document.xml', xml.slice(0, cut))
            .generateAsync({ type: 'uint8array' })
          expect(typeof (await readDocument('x.docx', truncated)).ok).toBe('boolean')
        },
      ),
      { numRuns: 60 },
    )
  })

  it('reads a plain UN-style text and the notation alike, whatever the name says', async () => {
    const text = new TextEncoder().encode('I. Scope\n1. States [shall][should] act.\n')
    for (const name of ['draft.txt', 'draft', 'draft.text']) {
      const result = await readDocument(name, text)
      expect(result.ok).toBe(true)
    }
  })
})
