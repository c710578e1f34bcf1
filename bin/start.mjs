#!/usr/bin/env node
// `npm start`: builds the client (when its sources are here), then runs the
// server. Building every time keeps dist/client in step with client/.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
if (existsSync(`${root}client/index.html`)) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const build = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) {
    console.error('rolling-text: building the client failed (see above); not starting the server')
    process.exit(build.status ?? 1)
  }
} else if (!existsSync(`${root}dist/client/index.html`)) {
  console.warn('rolling-text: no client sources and no built client; serving the API and sync socket only')
}
await import('./server.mjs')
