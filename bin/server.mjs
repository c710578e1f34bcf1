#!/usr/bin/env node
// Runs the rolling-text server (HTTP + WebSocket on one port). Sources are
// TypeScript, loaded through tsx. Settings: PORT, HOST, DATA_DIR (README.md).
import { register } from 'tsx/esm/api'

register()
const { runServer } = await import('../server/main.ts')
await runServer()
