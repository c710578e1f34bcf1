import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './cli'

/** The ```js blocks of a document that start with `// NAME.mjs: …`, by NAME.mjs. */
export function documentedPrograms(file: string): Map<string, string> {
  const doc = readFileSync(join(root, file), 'utf8')
  const blocks = [...doc.matchAll(/```js\n(\/\/ (\S+\.mjs):[^\n]*\n[\s\S]*?)```/g)]
  return new Map(blocks.map((m) => [m[2] ?? '', m[1] ?? '']))
}

/** Runs a documented program as a user would (`node NAME.mjs`, with the
 *  environment it names), killed after 30 s; resolves with its exit code
 *  and its output (stdout and stderr). */
export function runProgram(source: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  // Inside the repository, so that `ws`, `y-websocket` and `yjs` resolve from its node_modules.
  const dir = join(root, 'test-artifacts')
  mkdirSync(dir, { recursive: true })
  const work = mkdtempSync(join(dir, 'example-'))
  const file = join(work, 'example.mjs')
  writeFileSync(file, source)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    const collect = (d: Buffer) => {
      out += d.toString()
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    const timer = setTimeout(() => child.kill(), 30_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      rmSync(work, { recursive: true, force: true })
      resolve({ code, out })
    })
  })
}
