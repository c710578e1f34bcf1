#!/usr/bin/env node
// The rolling-text command line. Sources are TypeScript, loaded through tsx so
// that the command works from a fresh clone with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../server/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
