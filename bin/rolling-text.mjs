#!/usr/bin/env node
// The rolling-text command line, run from its build in dist/server (written
// once by `npm install` / `npm run build`), so it works on a read-only
// install. Node's compile cache keeps the parsed bundle between runs.
import { existsSync } from 'node:fs'
import module from 'node:module'

module.enableCompileCache?.()
const entry = new URL('../dist/server/cli.js', import.meta.url)
if (!existsSync(entry)) {
  console.error('rolling-text: the command line is not built: run `npm run build` (npm install does it)')
  process.exit(1)
}
const { main } = await import(entry.href)
process.exitCode = await main(process.argv.slice(2))
