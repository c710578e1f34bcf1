import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** LibreOffice's soffice on PATH, or undefined. */
export const soffice = (process.env.PATH ?? '')
  .split(delimiter)
  .map((dir) => join(dir, 'soffice'))
  .find((path) => existsSync(path))

/** The system Python when it has LibreOffice's UNO bridge (python3-uno), or undefined. */
export const unoPython = ['/usr/bin/python3', '/usr/local/bin/python3'].find((python) => {
  if (!existsSync(python)) return false
  try {
    execFileSync(python, ['-c', 'import uno'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})

/** Says loudly that `what` is skipped for want of `tool`; under CI it is a failure instead. */
export function requireTool(present: unknown, tool: string, what: string): void {
  if (present) return
  const message = `${tool} is not installed, so ${what} (apt-get install -y libreoffice-writer-nogui python3-uno; .ci/run does this)`
  if (process.env.CI) throw new Error(message)
  console.warn(`\n*** SKIPPED: ${message}\n`)
}

const run = (file: string, args: string[], timeout: number) =>
  new Promise<void>((resolve, reject) =>
    execFile(file, args, { timeout }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(),
    ),
  )

/** Each Word file as the text LibreOffice shows (list numbers included), by file name. */
export async function libreOfficeText(files: string[]): Promise<Map<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'rt-lo-'))
  if (!soffice) throw new Error('soffice is not installed')
  await run(
    soffice,
    [
      '--headless',
      `-env:UserInstallation=file://${join(dir, 'profile')}`,
      '--convert-to',
      'txt:Text (encoded):UTF8',
      '--outdir',
      dir,
      ...files,
    ],
    110_000,
  )
  return new Map(files.map((f) => [basename(f), readText(join(dir, basename(f).replace(/\.docx$/, '.txt')))]))
}

const script = fileURLToPath(new URL('./uno-changes.py', import.meta.url))

/** Each Word file's text after LibreOffice accepts (or rejects) all tracked
 *  changes, through its UNO API, as a user's Accept All would leave it. */
export async function afterAllChanges(action: 'accept' | 'reject', files: string[]): Promise<Map<string, string>> {
  if (!unoPython) throw new Error('python3-uno is not installed')
  const dir = mkdtempSync(join(tmpdir(), 'rt-uno-'))
  const pairs = files.flatMap((f) => [f, join(dir, `${basename(f)}.txt`)])
  await run(unoPython, [script, join(dir, 'profile'), action, ...pairs], 110_000)
  return new Map(files.map((f) => [basename(f), readText(join(dir, `${basename(f)}.txt`))]))
}

const readText = (path: string) => readFileSync(path, 'utf8').replace(/^\uFEFF/, '')
