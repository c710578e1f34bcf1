import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../../config'
import type { Command } from '../command'
import { CliError } from '../command'

const usage = 'migrate --to postgres://USER@HOST/DB [--from DATA_DIR] [--replace]'

/** The URL without its password, for messages. */
const shown = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: { to: { type: 'string' }, from: { type: 'string' }, replace: { type: 'boolean', default: false } },
    }).values
  } catch (e) {
    throw new CliError(`rolling-text migrate: ${(e as Error).message}\nUsage: rolling-text ${usage}`, 2)
  }
}

/** `rolling-text migrate --to URL`: one process's SQLite data directory
 *  copied into PostgreSQL, for running several processes (docs/SCALING.md). */
export const migrateCommand: Command = {
  name: 'migrate',
  summary:
    'Copy DATA_DIR (every negotiation, its log, readings, positions, invitations and the signing keys) into PostgreSQL, in one transaction (stop the server first).',
  usage,
  async run(args, io) {
    const values = parse(args)
    let config: ReturnType<typeof loadConfig>
    try {
      config = loadConfig(process.env, io.cwd)
    } catch (e) {
      throw e instanceof ConfigError ? new CliError(`rolling-text migrate: ${e.message}`) : e
    }
    const url = values.to ?? config.databaseUrl
    if (!url)
      throw new CliError(`rolling-text migrate: --to names the PostgreSQL database\nUsage: rolling-text ${usage}`, 2)
    if (!/^postgres(ql)?:\/\/[^/\s]/.test(url))
      throw new CliError(`rolling-text migrate: --to must be a postgres:// URL, not '${shown(url)}'`, 2)
    const dataDir = values.from ? resolve(io.cwd, values.from) : config.dataDir
    // SQLite's native module and pg load only for the commands that use them.
    const { migrateToPostgres, describe } = await import('../../storage/to-postgres')
    const result = await migrateToPostgres({ dataDir, url, replace: values.replace })
    const what = `${describe(result.rows)}; ${result.keys} signing key${result.keys === 1 ? '' : 's'}`
    io.stdout(
      result.already
        ? `${shown(url)} holds this data already (${what}): nothing copied.\n`
        : `Copied ${dataDir} into ${shown(url)}${result.replaced ? ', replacing what it held' : ''}: ${what}.\n`,
    )
    const differences = await verify(dataDir, url, result.documents, result.invitations)
    if (differences.length) {
      io.stderr(
        `rolling-text migrate: the copy differs from ${dataDir} in ${differences.slice(0, 5).join('; ')}${differences.length > 5 ? ` and ${differences.length - 5} more` : ''}: was a server still writing to it? Stop it and run again with --replace\n`,
      )
      return 1
    }
    io.stdout(
      `Verified: a server on the copy serves the same negotiations, documents (${result.documents.length}), readings, positions, proposals and invitations. Start the servers with DATABASE_URL set to it.\n`,
    )
    return 0
  },
}

async function verify(dataDir: string, url: string, documents: string[], invitations: string[]): Promise<string[]> {
  const { openStorage } = await import('../../storage')
  const { openPostgresStorage } = await import('../../storage/postgres')
  const { verifyCopy } = await import('../../storage/verify-copy')
  const original = openStorage(dataDir, 'normal', { mustExist: true })
  const copy = await openPostgresStorage(url, { retryForMs: 0, poolSize: 2 }).catch(async (e) => {
    await original.close()
    throw e
  })
  try {
    return await verifyCopy(original, copy, documents, invitations)
  } finally {
    await Promise.all([original.close(), copy.close()])
  }
}
