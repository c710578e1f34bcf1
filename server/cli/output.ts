import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { CliError, type CliIO } from './command'

/** Writes a command's result to `-o OUT`, or to stdout when OUT is `-`. A
 *  file that cannot be written is one line, not a stack trace. */
export async function writeOutput(io: CliIO, output: string, data: string | Uint8Array): Promise<void> {
  if (output === '-') return io.stdout(data)
  try {
    await writeFile(resolve(io.cwd, output), data)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new CliError(`${output}: cannot write (${code ?? String(e)})`)
  }
}
