// Child process of the diff benchmark: times the word-mode baseline on two
// files. Plain JavaScript, like the baseline itself.
import { readFileSync } from 'node:fs'
import { wordModeDiff } from './baseline.mjs'

const [oldFile, newFile, runs] = process.argv.slice(2)
const [before, after] = [oldFile, newFile].map((f) => readFileSync(f, 'utf8'))
const times = []
wordModeDiff(before, after)
for (let i = 0; i < Number(runs); i++) {
  const start = performance.now()
  wordModeDiff(before, after)
  times.push(performance.now() - start)
}
times.sort((a, b) => a - b)
const mid = times.length >> 1
const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2
process.stdout.write(`${JSON.stringify({ median, peakMB: process.resourceUsage().maxRSS / 1024 })}\n`)
