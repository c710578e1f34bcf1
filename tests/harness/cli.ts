import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { main } from '../../server/cli/main'

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url))

/** Runs `rolling-text ARGS` in this process and captures what it prints. */
export async function runCli(args: string[], options: { cwd?: string; isTTY?: boolean; stdin?: string | Buffer } = {}) {
  let stdout = ''
  const bytes: Uint8Array[] = []
  let stderr = ''
  const code = await main(args, {
    stdout: (t) => {
      if (typeof t === 'string') stdout += t
      else bytes.push(t)
    },
    stderr: (t) => {
      stderr += t
    },
    stdin: async () => Buffer.from(options.stdin ?? ''),
    isTTY: options.isTTY ?? false,
    cwd: options.cwd ?? root,
  })
  // Bytes (a Word file on stdout) only when a command wrote some.
  return { code, stdout, stderr, ...(bytes.length ? { bytes: Buffer.concat(bytes) } : {}) }
}

/** Runs the real `bin/rolling-text.mjs` as a child process, as a user would
 *  (`input` is its standard input; `env` is added to this process's). */
export function runBin(
  args: string[],
  cwd = root,
  options: { input?: string | Buffer; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string; bytes: Buffer }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [`${root}/bin/rolling-text.mjs`, ...args],
      { cwd, encoding: 'buffer', env: { ...process.env, ...options.env } },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout: stdout.toString(),
          stderr: stderr.toString(),
          bytes: stdout,
        })
      },
    )
    child.stdin?.end(options.input ?? '')
  })
}
