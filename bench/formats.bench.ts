// `npm run bench:formats`: Word in and out for a 3,500-paragraph text (a long
// negotiating text with sub-paragraphs and brackets), each operation in a
// fresh process (median of several runs, peak memory), against baselines in
// the same run: the docx library writing the same lines as plain paragraphs,
// unzipping and parsing the package (the floor of any import), and
// LibreOffice converting the file to text, where it is installed.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeDocument } from '../server/formats/documents'
import { parseNotation } from '../shared/notation/parse'
import { present } from '../shared/present'
import { generateReadings } from './generate'

const root = fileURLToPath(new URL('..', import.meta.url))
const paragraphs = 3500
const runs = 5

interface Measure {
  median: number
  peakMB: number
}

function measure(operation: string, file: string, other = '-'): Measure {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'bench/measure-formats.ts', operation, file, other, String(runs)],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 },
  )
  return JSON.parse(present(out.trim().split('\n').pop(), 'the last line of the child'))
}

const dir = mkdtempSync(join(tmpdir(), 'rolling-text-formats-'))
try {
  const generated = generateReadings(paragraphs)
  const [before, after] = [join(dir, 'before.txt'), join(dir, 'after.txt')]
  writeFileSync(before, generated.before)
  writeFileSync(after, generated.after)
  const docx = join(dir, 'text.docx')
  const parsed = parseNotation(generated.before)
  if (!parsed.ok) throw new Error(`the generated text does not parse: ${parsed.error.message}`)
  writeFileSync(docx, (await writeDocument(parsed.doc, 'docx')).body)

  const rows: [string, Measure, Measure | null][] = [
    ['export docx', measure('export-docx', before), measure('baseline-export', before)],
    ['import docx', measure('import-docx', docx), measure('baseline-import', docx)],
    ['export akn', measure('export-akn', before), null],
    ['redline docx (diff included)', measure('export-redline', before, after), null],
  ]
  const soffice = (process.env.PATH ?? '')
    .split(delimiter)
    .map((d) => join(d, 'soffice'))
    .find((path) => existsSync(path))
  let libreOffice: number | null = null
  if (soffice) {
    const start = performance.now()
    const converted = spawnSync(
      soffice,
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'txt', '--outdir', dir, docx],
      { stdio: 'ignore', timeout: 300_000 },
    )
    if (converted.status === 0) libreOffice = performance.now() - start
  }

  const fmt = (n: number) => n.toFixed(0)
  console.log(
    `Formats: a ${paragraphs.toLocaleString('en')}-paragraph text (median of ${runs} runs, fresh process each)`,
  )
  console.log('')
  console.log('operation                       ms     peak MB   baseline ms  baseline MB   ratio')
  for (const [name, ours, base] of rows) {
    const baseline = base
      ? `${fmt(base.median).padStart(11)}  ${fmt(base.peakMB).padStart(11)}   ${(ours.median / base.median).toFixed(1)}×`
      : ''
    console.log(`${name.padEnd(28)} ${fmt(ours.median).padStart(6)}  ${fmt(ours.peakMB).padStart(9)}   ${baseline}`)
  }
  console.log('')
  console.log('baselines: export = the docx library writing the same lines as plain paragraphs;')
  console.log('           import = unzipping the package and parsing word/document.xml (the floor of any reader)')
  const importMs = rows[1][1].median
  if (libreOffice !== null)
    console.log(
      `LibreOffice converting the same .docx to text (one process, start-up included): ${fmt(libreOffice)} ms; our import is ${(libreOffice / importMs).toFixed(1)}× faster`,
    )
  else console.log('LibreOffice (soffice) is not installed: no comparison with it')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
