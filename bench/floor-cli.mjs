// The least a `rolling-text diff` process could cost: start Node, read both
// readings, and write an answer already computed (no parsing, no diff).
// Usage: node bench/floor-cli.mjs OLD NEW ANSWER
import { readFileSync } from 'node:fs'

const [before, after, answer] = process.argv.slice(2)
readFileSync(before, 'utf8')
readFileSync(after, 'utf8')
process.stdout.write(readFileSync(answer, 'utf8'))
