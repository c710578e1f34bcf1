import { randomBytes } from 'node:crypto'
import JSZip from 'jszip'

/** Generators of the three files issue #15 point 10 crashed the server with,
 *  and of smaller packages that lie or nest, for the import bounds. */

const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

/** A Word package holding `body` as its main part's body. */
export async function docxWith(body: string, compression: 'DEFLATE' | 'STORE' = 'DEFLATE'): Promise<Buffer> {
  const zip = new JSZip()
  zip.file('word/document.xml', `<?xml version="1.0"?><w:document ${w}><w:body>${body}</w:body></w:document>`)
  return zip.generateAsync({ type: 'nodebuffer', compression, compressionOptions: { level: 9 } })
}

/** A small .docx (about 130 KiB) whose main part expands to 2 million paragraphs (58 MB). */
export function twoMillionParagraphs(): Promise<Buffer> {
  return docxWith('<w:p><w:r><w:t/></w:r></w:p>'.repeat(2_000_000))
}

/** A 15 MiB .txt of one million numbered clauses. */
export function millionClauses(): Buffer {
  const lines = ['I. One million clauses']
  for (let i = 1; i <= 1_000_000; i++) lines.push(`${i}. Shall.`)
  return Buffer.from(`${lines.join('\n')}\n`)
}

/** A 15.9 MiB .docx of 108,000 numbered clauses of random words (stored,
 *  not compressed: the size is the text's). */
export function manyClausesDocx(): Promise<Buffer> {
  const count = 108_000
  // Each paragraph's markup and number take about 41 bytes.
  const perClause = Math.floor((15.9 * 2 ** 20) / count) - 41
  const words = randomBytes(count * perClause).toString('base64url')
  const paragraphs = [`<w:p><w:r><w:t>I. Many clauses</w:t></w:r></w:p>`]
  for (let i = 0; i < count; i++) {
    const text = words.slice(i * perClause, (i + 1) * perClause).replace(/[-_]/g, ' ')
    paragraphs.push(`<w:p><w:r><w:t>${i + 1}. ${text}</w:t></w:r></w:p>`)
  }
  return docxWith(paragraphs.join(''), 'STORE')
}

/** A package whose directory says its main part expands to `declared`
 *  bytes, whatever it really expands to. */
export function withDeclaredSize(zip: Buffer, declared: number): Buffer {
  const out = Buffer.from(zip)
  const directory = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
  out.writeUInt32LE(declared, directory + 24)
  const local = out.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]))
  out.writeUInt32LE(declared, local + 22)
  return out
}
