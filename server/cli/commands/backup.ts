import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../../config'
import type { CliIO, Command } from '../command'
import { CliError } from '../command'

function dataDirOf(io: CliIO, name: string): string {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(process.env, io.cwd)
  } catch (e) {
    throw e instanceof ConfigError ? new CliError(`rolling-text ${name}: ${e.message}`) : e
  }
  // The data is not in DATA_DIR then: PostgreSQL has its own tools.
  if (config.databaseUrl)
    throw new CliError(
      `rolling-text ${name}: with DATABASE_URL the data is in PostgreSQL; use pg_dump and pg_restore (docs/SCALING.md)`,
    )
  return config.dataDir
}

const mib = (bytes: number) => `${(bytes / (1 << 20)).toFixed(1)} MiB`

/** `rolling-text backup DEST`: an online backup of DATA_DIR. */
export const backupCommand: Command = {
  name: 'backup',
  summary: 'Back up DATA_DIR (the database and secret.key) into a new folder, while the server runs.',
  usage: 'backup DEST',
  async run(args, io) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
    if (positionals.length !== 1)
      throw new CliError(`rolling-text backup: expected one DEST folder\nUsage: rolling-text ${this.usage}`)
    const dataDir = dataDirOf(io, 'backup')
    // SQLite's native module loads only for the commands that use it.
    const { backupDataDir } = await import('../../storage/backup')
    const result = await backupDataDir(dataDir, resolve(io.cwd, positionals[0]))
    io.stdout(`Backed up ${dataDir} into ${result.dir} (${mib(result.bytes)}, with secret.key).\n`)
    return 0
  },
}

/** `rolling-text restore SRC`: a backup put back into DATA_DIR. */
export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Restore a backup folder into DATA_DIR (stop the server first).',
  usage: 'restore SRC [--replace]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { replace: { type: 'boolean', default: false } },
    })
    if (positionals.length !== 1)
      throw new CliError(`rolling-text restore: expected one SRC folder\nUsage: rolling-text ${this.usage}`)
    const dataDir = dataDirOf(io, 'restore')
    const { restoreDataDir } = await import('../../storage/backup')
    const result = await restoreDataDir(resolve(io.cwd, positionals[0]), dataDir, { replace: values.replace })
    io.stdout(
      `Restored ${positionals[0]} into ${dataDir} (${mib(result.bytes)}).${result.keptAs ? ` The database it replaced is kept as ${result.keptAs}.` : ''}\n`,
    )
    return 0
  },
}
