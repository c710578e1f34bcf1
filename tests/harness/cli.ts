import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { main } from '../../server/cli/main'

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url))

/** Runs `rolling-text ARGS` in this process and captures what it prints. */
export async function runCli(args: string[], options: { cwd?: string; isTTY?: boolean } = {}) {
  let stdout = ''
  let stderr = ''
  const code = await main(args, {
    stdout: (t) => {
      stdout += t
    },
    stderr: (t) => {
      stderr += t
    },
    isTTY: options.isTTY ?? false,
    cwd: options.cwd ?? root,
  })
  return { code, stdout, stderr }
}

/** Runs the real `bin/rolling-text.mjs` as a child process, as a user would. */
export function runBin(args: string[], cwd = root): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [`${root}/bin/rolling-text.mjs`, ...args], { cwd }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr })
    })
  })
}
