// `npm run bench`: the clause-level diff against a baseline, in one run.
// For 200, 2,000 and 20,000 clauses: generate two readings (5% of clauses
// edited, 1% moved across sections, 1% added, 1% deleted), then time
// diffReadings and diff-match-patch's word mode over the whole text, each in a
// fresh process (median of several runs, peak memory), and both again as whole
// command-line processes. Checks that the diff finds what the generator did.
// Then readingHistory over ten successive readings of 2,000 clauses, against
// the baseline run on each consecutive pair. `--quick` runs 200 clauses and a
// history of three such readings once each, to prove the benchmark works
// (its figures mean nothing; targets needing the full sizes are skipped).
import { present } from '../shared/present'
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateReadings, generateSeries, type GeneratedChanges } from './generate'
import { median } from './timing'

const root = fileURLToPath(new URL('..', import.meta.url))
const quick = process.argv.includes('--quick')
const sizes = quick
  ? [{ clauses: 200, runs: 3, processRuns: 1 }]
  : [
      { clauses: 200, runs: 21, processRuns: 7 },
      { clauses: 2000, runs: 11, processRuns: 5 },
      { clauses: 20000, runs: 3, processRuns: 1 },
    ]
/** The size the floor of any diff process is measured at. */
const floorSize = quick ? 200 : 2000
/** The baseline's time grows with the text times the changes; past this many
 *  clauses a single run takes minutes, so it is estimated, not run. */
const baselineLimit = 2000

interface Measure {
  median: number
  peakMB: number
  detected?: GeneratedChanges
}

function child(args: string[]): Measure {
  const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 })
  return JSON.parse(present(out.trim().split('\n').pop(), 'the last line of the child'))
}

function processTime(args: string[], runs: number): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited with ${result.status}`)
    times.push(performance.now() - start)
  }
  return median(times)
}

const fmt = (n: number, digits = 1) => n.toFixed(digits)
const dir = mkdtempSync(join(tmpdir(), 'rolling-text-bench-'))
const rows: { clauses: number; engine: Measure; baseline: Measure | null; ours: number; theirs: number | null }[] = []
/** What no diff process can go below at `floorSize` clauses (see floor-cli.mjs). */
let floor = { start: 0, io: 0 }
let failures = 0
/** `history` over this many readings of this many clauses. */
const historySize = quick ? { clauses: 200, readings: 3, runs: 1 } : { clauses: 2000, readings: 10, runs: 5 }
let history: Measure & { baseline?: number } = { median: Number.NaN, peakMB: 0 }
try {
  for (const { clauses, runs, processRuns } of sizes) {
    const generated = generateReadings(clauses)
    const [a, b] = [join(dir, `old-${clauses}.txt`), join(dir, `new-${clauses}.txt`)]
    writeFileSync(a, generated.before)
    writeFileSync(b, generated.after)
    const engine = child(['--import', 'tsx', 'bench/measure-engine.ts', a, b, String(runs)])
    const baseline = clauses <= baselineLimit ? child(['bench/measure-baseline.mjs', a, b, String(runs)]) : null
    const ours = processTime(['bin/rolling-text.mjs', 'diff', a, b, '--format', 'json'], processRuns)
    const theirs = clauses <= baselineLimit ? processTime(['bench/baseline-cli.mjs', a, b], processRuns) : null
    if (clauses === floorSize) {
      const answer = join(dir, 'answer.json')
      execFileSync(process.execPath, ['bin/rolling-text.mjs', 'diff', a, b, '--format', 'json', '-o', answer], {
        cwd: root,
      })
      floor = {
        start: processTime(['-e', '0'], processRuns),
        io: processTime(['bench/floor-cli.mjs', a, b, answer], processRuns),
      }
    }
    const ok = JSON.stringify(engine.detected) === JSON.stringify(generated.changes)
    if (!ok) failures++
    console.log(
      `${clauses} clauses, ${generated.words} words: generator ${JSON.stringify(generated.changes)}; diff found ${JSON.stringify(engine.detected)} ${ok ? 'OK' : 'MISMATCH'}`,
    )
    rows.push({ clauses, engine, baseline, ours, theirs })
  }
  const series = generateSeries(historySize.clauses, historySize.readings).map((text, k) => {
    const file = join(dir, `series-${k + 1}.txt`)
    writeFileSync(file, text)
    return file
  })
  history = child(['--import', 'tsx', 'bench/measure-history.ts', String(historySize.runs), ...series])
} finally {
  rmSync(dir, { recursive: true, force: true })
}

console.log(
  '\nclauses | diffReadings ms | peak MB | baseline ms | peak MB | ratio | rolling-text diff process ms | baseline process ms | ratio',
)
for (const r of rows) {
  const ratio = r.baseline ? fmt(r.engine.median / r.baseline.median, 3) : 'n/a'
  const processRatio = r.theirs ? fmt(r.ours / r.theirs, 3) : 'n/a'
  console.log(
    `${String(r.clauses).padStart(7)} | ${fmt(r.engine.median).padStart(15)} | ${fmt(r.engine.peakMB, 0).padStart(7)} | ${(r.baseline ? fmt(r.baseline.median) : 'not run').padStart(11)} | ${(r.baseline ? fmt(r.baseline.peakMB, 0) : '-').padStart(7)} | ${ratio.padStart(5)} | ${fmt(r.ours, 0).padStart(28)} | ${(r.theirs ? fmt(r.theirs, 0) : 'not run').padStart(19)} | ${processRatio}`,
  )
}
const at = (n: number) =>
  present(
    rows.find((r) => r.clauses === n),
    `the row for ${n} clauses`,
  )
const share = (ms: number) => fmt(ms / present(at(floorSize).theirs, `the baseline process at ${floorSize} clauses`), 3)
console.log(
  `\nfloor at ${floorSize.toLocaleString('en')} clauses: starting Node and exiting takes ${fmt(floor.start, 0)} ms (${share(floor.start)} of the baseline process); ` +
    `also reading both readings and writing the finished JSON, with no parsing or diff, ${fmt(floor.io, 0)} ms (${share(floor.io)})`,
)
if (!quick)
  console.log(
    `\ngrowth: ${fmt(at(2000).engine.median / at(200).engine.median, 1)}x from 200 to 2,000 clauses, ${fmt(at(20000).engine.median / at(2000).engine.median, 1)}x from 2,000 to 20,000 (10x is linear)`,
  )
console.log(
  `\nhistory over ${historySize.readings} readings of ${historySize.clauses} clauses: readingHistory ${fmt(history.median)} ms (peak ${fmt(history.peakMB, 0)} MB); ` +
    `baseline (diff-match-patch word mode on each consecutive pair) ${fmt(history.baseline ?? Number.NaN)} ms; ratio ${fmt(history.median / (history.baseline ?? Number.NaN), 3)}`,
)
const historyCheck: [string, boolean] = [
  `history over ${historySize.readings} readings of ${historySize.clauses} clauses under 1 s`,
  history.median < 1000,
]
const checks: [string, boolean][] = quick
  ? [['detected counts match the generator at every size', failures === 0], historyCheck]
  : [
      ['diffReadings at 2,000 clauses under 100 ms', at(2000).engine.median < 100],
      [
        'diffReadings at most 0.2 of the baseline (2,000 clauses)',
        at(2000).engine.median <= 0.2 * present(at(2000).baseline, 'the baseline at 2,000 clauses').median,
      ],
      [
        'rolling-text diff process at most 0.2 of the baseline process (2,000 clauses)',
        at(2000).ours <= 0.2 * present(at(2000).theirs, 'the baseline process at 2,000 clauses'),
      ],
      ['near-linear growth (2,000 → 20,000 under 15x)', at(20000).engine.median / at(2000).engine.median < 15],
      ['detected counts match the generator at every size', failures === 0],
      historyCheck,
    ]
if (quick) console.log('\n--quick: sizes too small for the speed targets; only correctness is checked')
console.log('')
for (const [name, pass] of checks) console.log(`${pass ? 'PASS' : 'FAIL'}  ${name}`)
