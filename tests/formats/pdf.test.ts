import { present } from '../../shared/present'
import { describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { diffReadings } from '../../shared/diff/index'
import { exportDocx } from '../../server/formats/docx-export'
import { renderRedlineDocx } from '../../server/formats/redline-docx'
import { fixture } from '../builders/notation'

const soffice = (process.env.PATH ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'soffice'))
  .find((path) => existsSync(path))
if (!soffice) {
  console.warn(
    '\n*** SKIPPED: LibreOffice (soffice) is not installed, so exported DOCX files are not converted to PDF.\n' +
      '*** Install it with: apt-get install -y libreoffice-writer-nogui (.ci/run does this in CI)\n',
  )
}

/** Runs soffice headless with a profile of its own, so runs in parallel do not
 *  share (and lock) the user's LibreOffice profile. */
function convertToPdf(dir: string, files: string[]): Promise<void> {
  const args = [
    '--headless',
    `-env:UserInstallation=file://${join(dir, 'profile')}`,
    '--convert-to',
    'pdf',
    '--outdir',
    dir,
    ...files,
  ]
  return new Promise((resolve, reject) => {
    execFile(present(soffice), args, { timeout: 55_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(),
    )
  })
}

/** Page objects in a PDF (LibreOffice writes them uncompressed). */
const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g)?.length ?? 0

describe.skipIf(!soffice)('DOCX → PDF with LibreOffice', () => {
  it('converts an exported text and a redline into PDFs with pages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-pdf-'))
    const [one, two] = [fixture('sample-reading-1.txt'), fixture('sample-reading-2.txt')]
    writeFileSync(join(dir, 'text.docx'), await exportDocx(one))
    writeFileSync(
      join(dir, 'redline.docx'),
      await renderRedlineDocx(diffReadings(one, two), { oldLabel: 'First reading', newLabel: 'Second reading' }),
    )
    await convertToPdf(dir, [join(dir, 'text.docx'), join(dir, 'redline.docx')])
    for (const name of ['text.pdf', 'redline.pdf']) {
      const pdf = readFileSync(join(dir, name))
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(pageCount(pdf)).toBeGreaterThanOrEqual(2)
    }
  }, 60_000)
})
