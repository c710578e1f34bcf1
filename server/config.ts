import { resolve } from 'node:path'
import { defaultLimits, type Limits } from './limits'
import type { Durability } from './storage/sqlite'

/** How the server runs, from the environment. */
export interface Config {
  port: number
  host: string
  dataDir: string
  durability: Durability
  /** The base of invitation links; defaults to http://HOST:PORT. */
  publicUrl: string | null
  /** The limits, each settable as `LIMIT_NAME` (see `limitVariables`). */
  limits: Limits
  /** PostgreSQL instead of SQLite (`postgres://…`): several processes may share it. */
  databaseUrl: string | null
  /** Redis (`redis://…`): the processes sharing a database tell each other
   *  about updates, presence and revocations through it. */
  redisUrl: string | null
}

/** A setting that cannot be used, named so the operator can fix it. */
export class ConfigError extends Error {}

/** The environment variable of every limit, by its path in `Limits`:
 *  `maxUploadBytes` → `LIMIT_MAX_UPLOAD_BYTES`, `awareness.maxEntries` →
 *  `LIMIT_AWARENESS_MAX_ENTRIES`. */
export function limitVariables(limits: object = defaultLimits, path: string[] = []): Map<string, string[]> {
  const names = new Map<string, string[]>()
  for (const [key, value] of Object.entries(limits)) {
    const at = [...path, key]
    if (value !== null && typeof value === 'object') {
      for (const [name, sub] of limitVariables(value, at)) names.set(name, sub)
    } else {
      names.set(`LIMIT_${at.map((k) => k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()).join('_')}`, at)
    }
  }
  return names
}

/** The limits with every `LIMIT_…` variable set in `env` applied: a whole
 *  number, at least 0 (`_` may group digits: `LIMIT_MAX_UPLOAD_BYTES=16_777_216`). */
export function limitsFromEnv(env: NodeJS.ProcessEnv): Limits {
  const limits = structuredClone(defaultLimits)
  for (const [name, path] of limitVariables()) {
    const raw = env[name]
    if (raw === undefined || raw === '') continue
    const value = Number(raw.replaceAll('_', ''))
    if (!Number.isSafeInteger(value) || value < 0)
      throw new ConfigError(`${name} must be a whole number of at least 0, not '${raw}'`)
    let target = limits as unknown as Record<string, unknown>
    for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>
    target[path[path.length - 1] as string] = value
  }
  return limits
}

/** Reads PORT, HOST, DATA_DIR, DURABILITY, PUBLIC_URL, DATABASE_URL, REDIS_URL
 *  and the LIMIT_… variables. */
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
    limits: limitsFromEnv(env),
  }
}

/** The URL people open: PUBLIC_URL, or http://HOST:PORT (a wildcard host is
 *  shown as 127.0.0.1, which at least works on this machine). */
export function baseUrl(config: Pick<Config, 'host' | 'publicUrl'>, port: number): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '')
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}
