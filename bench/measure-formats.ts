// Child process of the formats benchmark: runs one operation on one file
// several times and reports the median and this process's peak memory, so
// each figure comes from a fresh process.
import { readFileSync } from 'node:fs'
import { DOMParser } from '@xmldom/xmldom'
import { Document, Packer, Paragraph } from 'docx'
import JSZip from 'jszip'
import { readDocument, writeDocument } from '../server/formats/documents'
import { renderRedlineDocx } from '../server/formats/redline-docx'
import { diffReadings } from '../shared/diff/index'
import { parseNotation } from '../shared/notation/parse'
import { present } from '../shared/present'
import { median, report } from './timing'

const [operation, file, other, runs] = process.argv.slice(2)
const notation = (path: string) => {
  const parsed = parseNotation(readFileSync(path, 'utf8'))
  if (!parsed.ok) throw new Error(`${path}: ${parsed.error.message}`)
  return parsed.doc
}

const operations: Record<string, () => Promise<unknown>> = {
  /** Our export: the text as a Word file. */
  'export-docx': () => writeDocument(notation(file), 'docx'),
  /** Our import: a Word file read into the model. */
  'import-docx': async () => {
    const result = await readDocument(file, readFileSync(file))
    if (!result.ok) throw new Error(result.error.message)
    return result
  },
  'export-akn': () => writeDocument(notation(file), 'akn'),
  /** The redline of two readings. */
  'export-redline': () => renderRedlineDocx(diffReadings(notation(file), notation(present(other)))),
  /** Baseline for export: the docx library writing the same paragraphs as
   *  plain text, without numbers, styles, bookmarks or brackets. */
  'baseline-export': () =>
    Packer.toBuffer(
      new Document({
        sections: [
          {
            children: readFileSync(file, 'utf8')
              .split('\n')
              .map((line) => new Paragraph(line)),
          },
        ],
      }),
    ),
  /** Baseline for import: unzipping the package and parsing its main part,
   *  the floor under any reader of a Word file. */
  'baseline-import': async () => {
    const zip = await JSZip.loadAsync(readFileSync(file))
    return new DOMParser().parseFromString(present(await zip.file('word/document.xml')?.async('string')), 'text/xml')
  },
}

const work = present(operations[operation], `operation ${operation}`)
await work()
const times: number[] = []
for (let i = 0; i < Number(runs); i++) {
  const start = performance.now()
  await work()
  times.push(performance.now() - start)
}
report({ operation, median: median(times) })
