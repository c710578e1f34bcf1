import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { type Keyring, loadKeyring, retireKey, rotateKey } from '../../auth/tokens'
import { ConfigError, loadConfig } from '../../config'

import type { Command } from '../command'
import { CliError } from '../command'

/** Where the keys are: DATA_DIR/secret.key, or PostgreSQL with DATABASE_URL. */
interface KeyStore {
  ring(): Promise<Keyring>
  rotate(): Promise<string>
  retire(kid: string): Promise<boolean>
  close(): Promise<void>
}

async function keyStore(dataDir: string, databaseUrl: string | null): Promise<KeyStore> {
  if (databaseUrl) {
    const { openPostgresStorage } = await import('../../storage/postgres')
    const pg = await openPostgresStorage(databaseUrl, { poolSize: 1 })
    return { ring: () => pg.keyring(), rotate: () => pg.rotateKey(), retire: (k) => pg.retireKey(k), close: pg.close }
  }
  const { databaseFile } = await import('../../storage')
  if (!existsSync(databaseFile(dataDir)))
    throw new CliError(
      `rolling-text keys: no rolling-text database in ${dataDir}: set DATA_DIR to the server's data directory`,
    )
  return {
    ring: async () => loadKeyring(dataDir),
    rotate: async () => rotateKey(dataDir),
    retire: async (kid) => retireKey(dataDir, kid),
    close: async () => undefined,
  }
}

/** `rolling-text keys list|rotate|retire KID`: the keys that sign links. */
export const keysCommand: Command = {
  name: 'keys',
  summary:
    'List, rotate or retire the keys that sign invitation links, in DATA_DIR/secret.key or, with DATABASE_URL, in PostgreSQL (restart the servers after).',
  usage: 'keys list | keys rotate | keys retire KID',
  async run(args, io) {
    const { positionals } = parseArgs({ args, allowPositionals: true, options: {} })
    const [action, kid] = positionals
    let config: ReturnType<typeof loadConfig>
    try {
      config = loadConfig(process.env, io.cwd)
    } catch (e) {
      throw e instanceof ConfigError ? new CliError(`rolling-text keys: ${e.message}`) : e
    }
    const valid = (action === 'list' || action === 'rotate') && !kid ? true : action === 'retire' && Boolean(kid)
    if (!valid)
      throw new CliError(`rolling-text keys: expected list, rotate or retire KID\nUsage: rolling-text ${this.usage}`)
    const store = await keyStore(config.dataDir, config.databaseUrl)
    const servers = config.databaseUrl ? 'the server processes' : 'the server'
    try {
      if (action === 'list') {
        const ring = await store.ring()
        for (const id of ring.keys.keys()) io.stdout(`${id}${id === ring.current ? '  (signs new links)' : ''}\n`)
      } else if (action === 'rotate') {
        const id = await store.rotate()
        io.stdout(
          `New links are signed with key ${id}; links signed before keep working. Restart ${servers} to use it.\n`,
        )
      } else if (kid) {
        let retired: boolean
        try {
          retired = await store.retire(kid)
        } catch (e) {
          throw e instanceof TypeError ? new CliError(`rolling-text keys: ${e.message}`) : e
        }
        if (!retired) throw new CliError(`rolling-text keys: no key '${kid}' (see rolling-text keys list)`)
        io.stdout(`Retired key ${kid}: the links it signed stop working once ${servers} restart.\n`)
      }
      return 0
    } finally {
      await store.close()
    }
  },
}
