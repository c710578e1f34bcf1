import { describe, expect, it } from 'vitest'
import { readDocument } from '../../server/formats/documents'
import { importBounds } from '../../server/formats/import-bounds'
import { docxWith, twoMillionParagraphs, withDeclaredSize } from '../builders/crash-files'

const bounds = { ...importBounds(), partBytes: 1 << 20, totalBytes: 2 << 20, paragraphs: 50, clauses: 20, nesting: 16 }
const para = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`

/** The bound a file is refused for, or 'read' when it is read. */
async function refusal(name: string, bytes: Uint8Array) {
  const result = await readDocument(name, bytes, bounds)
  if (result.ok) return 'read'
  if (result.kind !== 'too-large') throw new Error(`refused as ${result.kind}: ${result.error.message}`)
  return { bound: result.excess.bound, part: result.excess.part, message: result.error.message }
}

describe('import bounds: a file is refused before it takes the memory', () => {
  it('reads a file within every bound', async () => {
    const clauses = Array.from({ length: 20 }, (_, i) => para(`${i + 1}. Clause.`)).join('')
    expect(await refusal('ok.docx', await docxWith(para('I. Scope') + clauses))).toBe('read')
    expect(await refusal('ok.txt', Buffer.from('I. Scope\n1. One.\n2. Two.\n'))).toBe('read')
  })

  it('counts paragraphs of a Word file before parsing it, and lines of a text', async () => {
    expect(await refusal('many.docx', await docxWith(para('1. x').repeat(51)))).toMatchObject({
      bound: 'paragraphs',
      message: expect.stringMatching(/more than 50 paragraphs .*RT_LIMIT_IMPORT_PARAGRAPHS/),
    })
    const lines = Array.from({ length: 51 }, (_, i) => `${i + 1}. Clause.`).join('\n')
    expect(await refusal('many.txt', Buffer.from(lines))).toMatchObject({ bound: 'paragraphs' })
  })

  it('counts clauses once read', async () => {
    const notation = `# I. Scope\n${Array.from({ length: 21 }, (_, i) => `${i + 1}. Clause.`).join('\n')}\n`
    expect(await refusal('clauses.txt', Buffer.from(notation))).toMatchObject({
      bound: 'clauses',
      message: expect.stringMatching(/more than 20 clauses/),
    })
  })

  it('bounds the nesting of elements, even behind quoted > and />', async () => {
    const deep = `${'<w:sdt a="/>">'.repeat(17)}${'</w:sdt>'.repeat(17)}`
    expect(await refusal('deep.docx', await docxWith(deep))).toMatchObject({
      bound: 'nesting',
      part: 'word/document.xml',
    })
    expect(await refusal('ok.docx', await docxWith(`${'<w:sdt>'.repeat(10)}${'</w:sdt>'.repeat(10)}`))).toBe('read')
  })

  it('refuses a part whose directory declares more than the bound, before inflating it', async () => {
    const honest = await docxWith(para('1. Short.'))
    expect(await refusal('declared.docx', withDeclaredSize(honest, 5 << 20))).toMatchObject({
      bound: 'partBytes',
      part: 'word/document.xml',
      message: expect.stringMatching(/word\/document.xml expands to more than 1 MiB/),
    })
  })

  it('stops inflating a part past the bound whatever its directory declares (a zip bomb)', async () => {
    const bomb = await docxWith(`<w:p>${'<w:r/>'.repeat(400_000)}</w:p>`)
    expect(bomb.length).toBeLessThan(64 << 10)
    expect(await refusal('bomb.docx', withDeclaredSize(bomb, 1000))).toMatchObject({ bound: 'partBytes' })
  })

  it('refuses the 2-million-paragraph .docx of issue #15 by counting, not parsing', async () => {
    const file = await twoMillionParagraphs()
    expect(file.length).toBeLessThan(400 << 10)
    const result = await readDocument('huge.docx', file)
    expect(result).toMatchObject({ ok: false, kind: 'too-large', excess: { bound: 'paragraphs', limit: 50_000 } })
  })
})
