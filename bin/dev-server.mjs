#!/usr/bin/env node
// `npm run dev`: the server straight from the TypeScript sources (through
// tsx, a development dependency), for working on the server without a build.
import { register } from 'tsx/esm/api'

register()
const { runServer } = await import('../server/main.ts')
await runServer()
