import { parseArgs } from 'node:util'
import { loadKeyring, retireKey, rotateKey } from '../../auth/tokens'
import { ConfigError, loadConfig } from '../../config'
import { databaseFile } from '../../storage'
import { existsSync } from 'node:fs'
import type { Command } from '../command'
import { CliError } from '../command'

/** `rolling-text keys list|rotate|retire KID`: the keys that sign links. */
export const keysCommand: Command = {
  name: 'keys',
  summary:
    'List, rotate or retire the keys in DATA_DIR/secret.key that sign invitation links (restart the server after).',
  usage: 'keys list | keys rotate | keys retire KID',
  async run(args, io) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
    const [action, kid] = positionals
    let dataDir: string
    try {
      const config = loadConfig(process.env, io.cwd)
      if (config.databaseUrl)
        throw new CliError(
          'rolling-text keys: with DATABASE_URL the keys live in PostgreSQL (rolling-text migrate copies those of a data directory there); this command rotates those in DATA_DIR only',
        )
      dataDir = config.dataDir
    } catch (e) {
      throw e instanceof ConfigError ? new CliError(`rolling-text keys: ${e.message}`) : e
    }
    if (!existsSync(databaseFile(dataDir)))
      throw new CliError(
        `rolling-text keys: no rolling-text database in ${dataDir}: set DATA_DIR to the server's data directory`,
      )
    if (action === 'list' && !kid) {
      const ring = loadKeyring(dataDir)
      for (const id of ring.keys.keys()) io.stdout(`${id}${id === ring.current ? '  (signs new links)' : ''}\n`)
      return 0
    }
    if (action === 'rotate' && !kid) {
      const id = rotateKey(dataDir)
      io.stdout(
        `New links are signed with key ${id}; links signed before keep working. Restart the server to use it.\n`,
      )
      return 0
    }
    if (action === 'retire' && kid) {
      try {
        if (!retireKey(dataDir, kid))
          throw new CliError(`rolling-text keys: no key '${kid}' (see rolling-text keys list)`)
      } catch (e) {
        throw e instanceof TypeError ? new CliError(`rolling-text keys: ${e.message}`) : e
      }
      io.stdout(`Retired key ${kid}: the links it signed stop working once the server restarts.\n`)
      return 0
    }
    throw new CliError(`rolling-text keys: expected list, rotate or retire KID\nUsage: rolling-text ${this.usage}`)
  },
}
