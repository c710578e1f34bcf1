import { resolve } from 'node:path'
import { limitsFromEnv, type Limits } from './limits'
import type { Durability } from './storage/sqlite'

/** How the server runs, from the environment. */
export interface Config {
  port: number
  host: string
  dataDir: string
  durability: Durability
  /** The base of invitation links; defaults to http://HOST:PORT. */
  publicUrl: string | null
  /** Limits set through `RT_LIMIT_…` variables (docs/SECURITY.md). */
  limits: Partial<Limits>
  /** PostgreSQL instead of SQLite (`postgres://…`): several processes may share it. */
  databaseUrl: string | null
  /** Redis (`redis://…`): the processes sharing a database tell each other
   *  about updates, presence and revocations through it. */
  redisUrl: string | null
}

/** A setting that cannot be used, named so the operator can fix it. */
export class ConfigError extends Error {}

/** Reads PORT, HOST, DATA_DIR, DURABILITY, PUBLIC_URL, DATABASE_URL, REDIS_URL and RT_LIMIT_…. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const port = Number(env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be a port number (0-65535), not '${env.PORT}'`)
  const durability = (env.DURABILITY ?? 'normal') as Durability
  if (durability !== 'normal' && durability !== 'full')
    throw new ConfigError(`DURABILITY must be 'normal' or 'full', not '${env.DURABILITY}'`)
  const publicUrl = env.PUBLIC_URL || null
  if (publicUrl && !/^https?:\/\/[^/\s]+/i.test(publicUrl))
    throw new ConfigError(
      `PUBLIC_URL must start with http:// or https:// and name a host (https://texts.example.org), not '${publicUrl}'`,
    )
  let limits: Partial<Limits>
  try {
    limits = limitsFromEnv(env)
  } catch (e) {
    throw new ConfigError((e as Error).message)
  }
  const databaseUrl = env.DATABASE_URL || null
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError(`DATABASE_URL must be a postgres:// URL, not '${databaseUrl}'`)
  const redisUrl = env.REDIS_URL || null
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// URL, not '${redisUrl}'`)
  if (redisUrl && !databaseUrl)
    throw new ConfigError('REDIS_URL joins processes that share one database: set DATABASE_URL too')
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(cwd, env.DATA_DIR || './data'),
    durability,
    publicUrl,
    databaseUrl,
    redisUrl,
    limits,
  }
}

/** The URL people open: PUBLIC_URL, or http://HOST:PORT (a wildcard host is
 *  shown as 127.0.0.1, which at least works on this machine). */
export function baseUrl(config: Pick<Config, 'host' | 'publicUrl'>, port: number): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '')
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}
