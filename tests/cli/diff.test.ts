import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBin, runCli } from '../harness/cli'

const one = 'tests/fixtures/sample-reading-1.txt'
const two = 'tests/fixtures/sample-reading-2.txt'
const expected = JSON.parse(readFileSync(new URL('../fixtures/sample-diff-expected.json', import.meta.url), 'utf8'))

describe('rolling-text diff', () => {
  it('--format json prints the documented shape (real process)', async () => {
    const { code, stdout, stderr } = await runBin(['diff', one, two, '--format', 'json'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const diff = JSON.parse(stdout)
    const { sections: _s, ...summary } = diff.summary
    expect(summary).toEqual(expected.summary)
    for (const change of diff.changes) {
      expect(Object.keys(change)).toEqual(expect.arrayContaining(['type', 'old', 'new', 'renumbered', 'tags', 'edits']))
      for (const side of ['old', 'new']) {
        if (change[side])
          expect(change[side]).toMatchObject({
            section: expect.any(String),
            number: expect.any(String),
            text: expect.any(String),
          })
      }
    }
  })

  it('--format text prints a redline without colour when not a terminal', async () => {
    const { code, stdout } = await runCli(['diff', one, two])
    expect(code).toBe(0)
    expect(stdout).toContain('1 added, 1 deleted, 5 modified, 2 moved, 16 unchanged; brackets 25 → 18')
    expect(stdout).toContain('~ IV.3 → IV.2 (modified, brackets, modal)')
    expect(stdout).toContain('Training of personnel {--[shall][--}should{--]--} address')
    expect(stdout).toContain('< V.3 moved to V.1')
    expect(stdout).not.toContain('\x1b[')
  })

  it('uses colour on a terminal, and --no-colour turns it off', async () => {
    expect((await runCli(['diff', one, two], { isTTY: true })).stdout).toContain('\x1b[31;9m')
    expect((await runCli(['diff', one, two, '--no-colour'], { isTTY: true })).stdout).not.toContain('\x1b[')
  })

  it('--format html writes a standalone page with -o', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-diff-'))
    const { code } = await runCli(['diff', one, two, '--format', 'html', '-o', join(dir, 'out.html')])
    expect(code).toBe(0)
    const html = readFileSync(join(dir, 'out.html'), 'utf8')
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain('<ins>or used </ins>')
    expect(html).toContain('<li class="moved-from" id="old-V.3">V.3 moved to <a href="#new-V.1">V.1</a></li>')
  })

  it('stops with FILE:LINE:COL and exit code 2 on a bad file (real process)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-bad-'))
    writeFileSync(join(dir, 'bad.txt'), '# I. T\n1. fine\n2. a [never closed\n')
    const { code, stdout, stderr } = await runBin(['diff', one, join(dir, 'bad.txt')])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr.trim()).toBe(`${join(dir, 'bad.txt')}:3:6: '[' is never closed`)
  })

  it('names a missing file and a bad format, exit code 1', async () => {
    expect(await runCli(['diff', one, 'nope.txt'])).toMatchObject({
      code: 1,
      stderr: 'nope.txt: cannot read (no such file)\n',
    })
    expect(await runCli(['diff', one, two, '--format', 'pdf'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("unknown format 'pdf'"),
    })
    expect(await runCli(['diff', one])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('expected OLD and NEW'),
    })
    expect(await runCli(['diff', one, two, '--bogus'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("Unknown option '--bogus'"),
    })
  })
})

describe('rolling-text brackets', () => {
  it('prints counts per section and the total', async () => {
    const { code, stdout } = await runCli(['brackets', one])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^V\. Accountability and responsibility +1 pair in 1 group$/m)
    expect(stdout).toMatch(/^Total +25 pairs in 16 groups$/m)
  })

  it('prints JSON with --format json', async () => {
    const report = JSON.parse((await runCli(['brackets', two, '--format', 'json'])).stdout)
    expect(report.total).toEqual({ pairs: 18, groups: 12 })
  })
})

describe('rolling-text', () => {
  it('lists its commands, and refuses an unknown one', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/diff +Compare two readings/)
    expect(await runCli(['frobnicate'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("unknown command 'frobnicate'"),
    })
  })
})
