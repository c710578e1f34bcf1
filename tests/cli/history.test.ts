import { describe, expect, it } from 'vitest'
import { runBin, runCli } from '../harness/cli'

const readings = [1, 2, 3, 4].map((k) => `tests/fixtures/history/reading-${k}.txt`)

describe('rolling-text history', () => {
  it('D14: prints the burn-down and every clause that changed (real process)', async () => {
    const { code, stdout, stderr } = await runBin(['history', ...readings])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toContain('History of 4 readings: First reading → Second reading → Third reading → Fourth reading')
    expect(stdout).toMatch(/Whole text +6 +2 +0 +0/)
    expect(stdout).toContain('Second reading: modified (brackets, modal)')
  })

  it('D14: --clause shows one clause; --format json gives the documented shape', async () => {
    const text = await runCli(['history', ...readings, '--clause', 'III.2'])
    expect(text.code).toBe(0)
    expect(text.stdout.match(/^III\.2$/gm)).toHaveLength(1)
    expect(text.stdout).not.toMatch(/^II\.1$/m)
    const json = await runCli(['history', ...readings, '--clause', 'III.2', '--format', 'json'])
    const history = JSON.parse(json.stdout)
    expect(history.readings).toHaveLength(4)
    expect(history.clauses).toHaveLength(1)
    expect(history.clauses[0].steps.map((s: { type: string }) => s.type)).toEqual(['modified', 'modified', 'modified'])
    expect(history.burnDown.total).toEqual([6, 2, 0, 0])
  })

  it('--format html is a page with the burn-down chart', async () => {
    const { code, stdout } = await runCli(['history', ...readings, '--format', 'html'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/^<!doctype html>/)
    expect(stdout).toContain('<svg')
  })

  it('a clause in no reading, no reading, or a bad format is a one-line error and exit 1', async () => {
    for (const args of [[...readings, '--clause', 'IX.9'], [], [...readings, '--format', 'pdf']]) {
      const { code, stderr } = await runCli(['history', ...args])
      expect(code, args.join(' ')).toBe(1)
      expect(stderr.trim().split('\n')[0]).toMatch(/^rolling-text history: /)
    }
  })
})
