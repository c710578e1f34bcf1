import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { commands } from '../../server/cli/commands'
import { root, runBin, runCli } from '../harness/cli'
import { ServerProcess } from '../harness/process'

const one = 'tests/fixtures/sample-reading-1.txt'
const two = 'tests/fixtures/sample-reading-2.txt'
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('command-line conventions', () => {
  it('--version prints the package version (real process)', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    expect(await runBin(['--version'])).toMatchObject({ code: 0, stdout: `rolling-text ${version}\n`, stderr: '' })
  })

  it('no arguments print the usage on stderr and exit 2 (real process)', async () => {
    const { code, stdout, stderr } = await runBin([])
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' })
    expect(stderr).toContain('Commands:')
    for (const c of commands) expect(stderr).toContain(c.name)
  })

  it('every command answers --help with its usage', async () => {
    expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining(['serve', 'backup', 'restore']))
    for (const c of commands) {
      const result = await runCli([c.name, '--help'])
      expect(result).toMatchObject({ code: 0, stderr: '' })
      expect(result.stdout).toContain(`Usage: rolling-text ${c.name}`)
    }
  })

  it('reads a FILE given as - from standard input (real process)', async () => {
    const input = readFileSync(join(root, one))
    const fromFile = await runBin(['brackets', one])
    const fromStdin = await runBin(['brackets', '-'], root, { input })
    expect(fromStdin).toMatchObject({ code: 0, stderr: '' })
    expect(fromStdin.stdout).toBe(fromFile.stdout)
    const diff = await runBin(['diff', '-', two, '--format', 'json'], root, { input })
    expect(JSON.parse(diff.stdout).summary).toEqual(
      JSON.parse((await runBin(['diff', one, two, '--format', 'json'])).stdout).summary,
    )
    expect((await runCli(['diff', '-', '-'])).stderr).toContain('only one of OLD and NEW can be -')
  })

  it('writes to standard output with -o -, a Word file as its bytes (real process)', async () => {
    const docx = await runBin(['export', one, '--format', 'docx', '-o', '-'])
    expect(docx.code).toBe(0)
    expect(docx.bytes.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'))
    // …and that Word file reads back through stdin.
    const back = await runBin(['import', '-', '-o', '-'], root, { input: docx.bytes })
    expect(back).toMatchObject({ code: 0 })
    expect(back.stdout).toContain('# I.')
    const txt = await runCli(['export', one, '--format', 'txt', '-o', '-'])
    expect(txt.stdout).toBe((await runCli(['export', one, '--format', 'txt'])).stdout)
    expect(txt.stdout).toContain('# I.')
  })

  it('diff --exit-code exits 1 when the readings differ, 0 when they do not', async () => {
    expect((await runCli(['diff', one, two, '--exit-code'])).code).toBe(1)
    expect((await runCli(['diff', one, one, '--exit-code'])).code).toBe(0)
    expect((await runCli(['diff', one, two])).code).toBe(0)
    expect((await runCli(['diff', one, two, '--exit-code', '--format', 'json', '-o', '-'])).code).toBe(1)
  })

  it('serve starts the server (real process)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rt-serve-'))
    dirs.push(dataDir)
    const server = new ServerProcess(
      { DATA_DIR: dataDir, PORT: '0' },
      { file: process.execPath, args: [join(root, 'bin/rolling-text.mjs'), 'serve'] },
    )
    try {
      const url = await server.listening()
      const health = await fetch(`${url}/api/health`)
      expect(health.status).toBe(200)
    } finally {
      await server.kill('SIGTERM')
    }
  })
})
