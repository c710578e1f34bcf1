// The baseline as a whole process: read two files, word-mode diff, print JSON.
import { readFileSync } from 'node:fs'
import { wordModeDiff } from './baseline.mjs'

const [before, after] = process.argv.slice(2).map((f) => readFileSync(f, 'utf8'))
process.stdout.write(`${JSON.stringify(wordModeDiff(before, after))}\n`)
