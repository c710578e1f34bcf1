import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { invitationUrl } from './auth/tokens'
import { startServer, type RunningServer } from './app'
import { ClusterError } from './cluster/solo'
import { baseUrl, type Config, ConfigError, loadConfig } from './config'
import { jsonLog, type Log } from './log'
import { createNegotiation, sampleDocument } from './negotiations/create'
import { StorageError } from './storage/types'

/** Where a first start leaves the chair's link, readable by the owner only. */
export const chairLinkFile = (dataDir: string) => join(dataDir, 'chair-link.txt')

/** Hands the first chair link over without putting it in a log: always to
 *  DATA_DIR/chair-link.txt (mode 0600), and to the terminal only when stdout
 *  is one (a service's stdout goes to a journal that others may read). */
function handOver(log: Log, dataDir: string, link: string): void {
  writeFileSync(chairLinkFile(dataDir), `${link}\n`, { mode: 0o600 })
  if (process.stdout.isTTY) console.log(`\nOpen this link to work as the chair (keep it private):\n\n  ${link}\n`)
  log.info(`the first chair link is in ${chairLinkFile(dataDir)} (readable by this user only)`, {
    event: 'chair-link',
  })
}

/** On a first start (no negotiation yet): seeds the sample negotiation and
 *  returns a chair invitation link for it. */
async function firstStart(log: Log, server: RunningServer): Promise<string | null> {
  if ((await server.storage.negotiations.list()).length) return null
  const { title, doc } = sampleDocument()
  const negotiation = await createNegotiation(server.storage, title, doc)
  log.info(`seeded the sample negotiation '${title}' (${negotiation.id})`, {
    event: 'seeded',
    negotiation: negotiation.id,
  })
  const { token } = await server.tokens.issue({ role: 'chair', negotiation: null, createdBy: 'first start' })
  return invitationUrl(server.url, token)
}

/** Runs the server until SIGINT/SIGTERM, then stores everything and exits. */
export async function runServer(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config: Config
  try {
    config = loadConfig(env)
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e
    console.error(`rolling-text: ${e.message}`)
    process.exitCode = 2
    return
  }
  const log = jsonLog(config.logLevel)
  let server: RunningServer
  try {
    server = await startServer({
      dataDir: config.dataDir,
      host: config.host,
      port: config.port,
      durability: config.durability,
      databaseUrl: config.databaseUrl,
      redisUrl: config.redisUrl,
      limits: config.limits,
      log,
      baseUrl: (port) => baseUrl(config, port),
    })
  } catch (e) {
    // A database, Redis or port this process cannot use: say why, exit 2.
    const listening = (e as NodeJS.ErrnoException).code
    const known = e instanceof StorageError || e instanceof ClusterError
    if (!known && listening !== 'EADDRINUSE' && listening !== 'EACCES') throw e
    console.error(
      `rolling-text: ${known ? e.message : `cannot listen on ${config.host}:${config.port} (${listening}): pick another PORT or HOST`}`,
    )
    process.exitCode = 2
    return
  }
  const where = config.databaseUrl ? 'data in PostgreSQL' : `data in ${config.dataDir}`
  const cluster = server.cluster ? `, cluster process ${server.cluster.id}` : ''
  log.info(`rolling-text listening on ${server.url} (${where}${cluster})`, { event: 'listening', url: server.url })
  const chairLink = await firstStart(log, server)
  if (chairLink) handOver(log, config.dataDir, chairLink)
  else {
    log.info('invite people with: npx rolling-text invite --role chair|editor|delegation|observer [--state NAME]')
  }
  const stop = (signal: string) => {
    log.info(`${signal}: storing everything and stopping`)
    server.close().then(
      () => process.exit(0),
      (e) => {
        log.error('stopping failed', e)
        process.exit(1)
      },
    )
  }
  // Every request and socket handler catches its own errors; one that slips
  // through is a bug to log, not a reason to drop every other room.
  process.on('unhandledRejection', (e) => log.error('unhandled rejection', e))
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}
