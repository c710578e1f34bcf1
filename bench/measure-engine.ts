// Child process of the diff benchmark: times diffReadings on two files and
// reports the median, the peak memory of this process and what it detected.
import { readFileSync } from 'node:fs'
import { diffReadings } from '../shared/diff/index'
import { parseNotation } from '../shared/notation/parse'
import { report, timeRuns } from './timing'

const [oldFile, newFile, runs] = process.argv.slice(2)
const parse = (file: string) => {
  const result = parseNotation(readFileSync(file, 'utf8'))
  if (!result.ok) throw new Error(`${file}:${result.error.line}:${result.error.column}: ${result.error.message}`)
  return result.doc
}
const [before, after] = [parse(oldFile), parse(newFile)]
const { median, last } = timeRuns(Number(runs), () => diffReadings(before, after))
const { added, deleted, modified, moved } = last.summary
report({ median, detected: { added, deleted, modified, moved } })
