#!/usr/bin/env node
// Runs the built rolling-text server (HTTP + WebSocket on one port) from
// dist/server, which `npm install` / `npm run build` wrote. Settings come
// from the environment (README.md).
import { existsSync } from 'node:fs'
import module from 'node:module'

module.enableCompileCache?.()
process.setSourceMapsEnabled(true)
const entry = new URL('../dist/server/server.js', import.meta.url)
if (!existsSync(entry)) {
  console.error('rolling-text: the server is not built: run `npm run build` (npm install does it)')
  process.exit(1)
}
const { runServer } = await import(entry.href)
await runServer()
