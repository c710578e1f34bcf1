#!/usr/bin/env node
// The rolling-text command line. It runs a bundle of the TypeScript sources
// (dist/cli/), built on first use and rebuilt whenever a source is newer,
// so it works from a fresh clone with no build step and starts fast.
import { pathToFileURL } from 'node:url'
import { buildBundle, freshBundle } from './cli-bundle.mjs'

const entry = freshBundle() ?? (await buildBundle())
const { main } = await import(pathToFileURL(entry).href)
process.exitCode = await main(process.argv.slice(2))
