import type { Command } from '../command'
import { CliError } from '../command'

/** `rolling-text serve`: the server, as `npm start` runs it. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Start the server (settings from the environment: PORT, HOST, DATA_DIR, … see README.md).',
  usage: 'serve',
  async run(args) {
    if (args.length) throw new CliError(`rolling-text serve: takes no arguments (settings come from the environment)`)
    const { runServer } = await import('../../main')
    await runServer()
    // A server that could not start has set the exit code; one that runs
    // stays until a signal stops it, and exits by itself.
    if (process.exitCode) return Number(process.exitCode)
    return new Promise<number>(() => {})
  },
}
