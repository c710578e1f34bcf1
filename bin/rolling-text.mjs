#!/usr/bin/env node
// The rolling-text command line. It runs a bundle of the TypeScript sources
// (dist/cli.mjs), built on first use and rebuilt whenever a source is newer,
// so it works from a fresh clone with no build step and starts fast.
import { buildBundle, bundlePath, isStale } from './cli-bundle.mjs'
import { pathToFileURL } from 'node:url'

if (isStale()) await buildBundle()
const { main } = await import(pathToFileURL(bundlePath).href)
process.exitCode = await main(process.argv.slice(2))
