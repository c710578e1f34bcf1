// Child process of the diff benchmark: times readingHistory over a series of
// readings (files given oldest first), and the baseline over the same series:
// diff-match-patch's word mode on each pair of consecutive readings.
import { readFileSync } from 'node:fs'
import { readingHistory } from '../shared/diff/history'
import { parseNotation } from '../shared/notation/parse'
import { wordModeDiff } from './baseline.mjs'
import { median, report } from './timing'

const runs = Number(process.argv[2])
const files = process.argv.slice(3)
const texts = files.map((file) => readFileSync(file, 'utf8'))
const readings = texts.map((text, k) => {
  const result = parseNotation(text)
  if (!result.ok) throw new Error(`${files[k]}:${result.error.line}:${result.error.column}: ${result.error.message}`)
  return { name: `Reading ${k + 1}`, doc: result.doc }
})
// A fresh parse per run, outside the timing: readingHistory caches each
// reading's clause list, and a user's history command starts from files.
const fresh = () =>
  texts.map((text, k) => {
    const result = parseNotation(text)
    return { name: readings[k].name, doc: result.ok ? result.doc : readings[k].doc }
  })
let clauses = readingHistory(fresh()).clauses.length
const times: number[] = []
for (let i = 0; i < runs; i++) {
  const series = fresh()
  const start = performance.now()
  clauses = readingHistory(series).clauses.length
  times.push(performance.now() - start)
}
// The baseline takes seconds a pair: one timed run, after one warm-up pair.
wordModeDiff(texts[0], texts[1])
const start = performance.now()
for (let k = 1; k < texts.length; k++) wordModeDiff(texts[k - 1], texts[k])
report({ median: median(times), baseline: performance.now() - start, clauses })
