import type { CliIO, Command } from './command'
import { CliError } from './command'
import { commands } from './commands'

/** The IO of the running process. */
export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
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
    "Run 'rolling-text COMMAND --help' for a command's options.",
    '',
  ].join('\n')
}

/** Runs the command line `argv` (without `node` and the script) and returns
 *  the exit code. Expected failures print one line and never a stack trace. */
export async function main(
  argv: string[],
  io: CliIO = processIO,
  list: readonly Command[] = commands,
): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help(list))
    return name ? 0 : 1
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
    if (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`rolling-text ${name}: ${e.message}\nUsage: rolling-text ${command.usage}\n`)
      return 1
    }
    throw e
  }
}
