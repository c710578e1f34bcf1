import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Before any test: builds dist/server from the current sources, so that the
 *  tests that run the real `bin/` scripts (server processes, the command
 *  line) run this code as the built JavaScript users get; and the client
 *  too, if this tree has never built it. */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const args = existsSync(`${root}dist/client/index.html`) ? ['--server'] : []
  execFileSync(process.execPath, [`${root}bin/build.mjs`, ...args], { cwd: root, stdio: 'inherit' })
}
