import { describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../harness/cli'

const one = 'tests/fixtures/sample-reading-1.txt'
const two = 'tests/fixtures/sample-reading-2.txt'

describe('rolling-text diff --table', () => {
  it('D15: --table --format html prints the compilation table; --omit filters it', async () => {
    const full = await runCli(['diff', one, two, '--table', '--format', 'html'])
    expect(full.code).toBe(0)
    expect(full.stdout).toContain('<table class="compilation">')
    const omitted = await runCli(['diff', one, two, '--table', '--format', 'html', '--omit', 'renumbered'])
    expect(omitted.stdout.match(/<tr class=/g)?.length).toBeLessThan(full.stdout.match(/<tr class=/g)?.length ?? 0)
  })

  it('D15: --table --format docx writes a Word file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'rt-table-')), 'table.docx')
    const { code } = await runCli(['diff', one, two, '--table', '--format', 'docx', '-o', out])
    expect(code).toBe(0)
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK')
  })

  it('refuses --omit without --table, an unknown kind, and --table as text, with exit 1', async () => {
    for (const args of [['--omit', 'editorial'], ['--table', '--format', 'html', '--omit', 'typos'], ['--table']]) {
      const { code, stderr } = await runCli(['diff', one, two, ...args])
      expect(code, args.join(' ')).toBe(1)
      expect(stderr).toMatch(/^rolling-text diff: /)
    }
  })
})
