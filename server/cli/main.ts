import { packageVersion } from '../paths'
import { StorageError } from '../storage/types'
import type { CliIO, Command } from './command'
import { CliError } from './command'
import { commands } from './commands'

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** The IO of the running process. */
export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: readStdin,
  isTTY: Boolean(process.stdout.isTTY),
  cwd: process.cwd(),
}

function help(list: readonly Command[]): string {
  const width = Math.max(...list.map((c) => c.name.length))
  return [
    'rolling-text: draft multilateral negotiating texts.',
    '',
    'Commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'rolling-text COMMAND --help' for a command's options, 'rolling-text --version' for the version.",
    'A FILE given as - is read from standard input; -o - writes to standard output.',
    '',
  ].join('\n')
}

/** Runs the command line `argv` (without `node` and the script) and returns
 *  the exit code. Expected failures print one line and never a stack trace;
 *  no command at all prints the usage on stderr with exit 2. */
export async function main(
  argv: string[],
  io: CliIO = processIO,
  list: readonly Command[] = commands,
): Promise<number> {
  const [name, ...rest] = argv
  if (!name) {
    io.stderr(help(list))
    return 2
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help(list))
    return 0
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`rolling-text ${packageVersion}\n`)
    return 0
  }
  const command = list.find((c) => c.name === name)
  if (!command) {
    io.stderr(`rolling-text: unknown command '${name}'\n\n${help(list)}`)
    return 1
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.summary}\n\nUsage: rolling-text ${command.usage}\n`)
    return 0
  }
  try {
    return await command.run(rest, io)
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`${e.message}\n`)
      return e.exitCode
    }
    if (e instanceof StorageError) {
      io.stderr(`rolling-text ${name}: ${e.message}\n`)
      return 1
    }
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`rolling-text ${name}: ${e.message}\nUsage: rolling-text ${command.usage}\n`)
      return 1
    }
    throw e
  }
}
