import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../server/config'
import { limitVariables } from '../../server/limits'
import { openStorage } from '../../server/storage'
import { root, runBin } from '../harness/cli'
import { ServerProcess } from '../harness/process'

const dirs: string[] = []
const servers: ServerProcess[] = []
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'rt-files-'))
  dirs.push(d)
  return d
}
afterAll(async () => {
  for (const s of servers) await s.kill()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
const mode = (file: string) => statSync(file).mode & 0o777

/** Runs the built server until it exits by itself. */
async function serverExit(env: Record<string, string>) {
  const server = new ServerProcess(env)
  servers.push(server)
  await server.listening().catch(() => {})
  return server
}

describe('files a server writes', () => {
  it('are readable by their owner only: database, log, secret and the chair link', async () => {
    const dataDir = join(scratch(), 'data')
    const server = new ServerProcess({ DATA_DIR: dataDir, PORT: '0' })
    servers.push(server)
    await server.listening()
    const token = await server.chairToken()
    expect(token).toMatch(/^rt1\./)
    // The link went to the file, not to the (non-terminal) output.
    expect(server.output).not.toContain(token)
    expect(mode(dataDir)).toBe(0o700)
    for (const name of ['rolling-text.sqlite', 'rolling-text.sqlite-wal', 'rolling-text.sqlite-shm', 'secret.key']) {
      expect({ name, mode: mode(join(dataDir, name)) }).toEqual({ name, mode: 0o600 })
    }
    expect(mode(join(dataDir, 'chair-link.txt'))).toBe(0o600)
    await server.kill('SIGTERM')
  })
})

describe('refusals in one line', () => {
  it('invite refuses a DATA_DIR without a database and creates nothing there', async () => {
    const dataDir = scratch()
    const result = await runBin(['invite', '--role', 'editor'], root, { env: { DATA_DIR: dataDir } })
    expect(result).toMatchObject({ code: 1, stdout: '' })
    expect(result.stderr).toBe(
      `rolling-text invite: no rolling-text database in ${dataDir}: set DATA_DIR to the server's data directory (start the server once to create one)\n`,
    )
    expect(readdirSync(dataDir)).toEqual([])
  })

  it('a database of a newer schema stops the server and the command line with one line', async () => {
    const dataDir = scratch()
    const storage = openStorage(dataDir)
    await storage.close()
    const db = new Database(join(dataDir, 'rolling-text.sqlite'))
    db.pragma('user_version = 99')
    db.close()
    const server = await serverExit({ DATA_DIR: dataDir, PORT: '0' })
    await new Promise((resolve) => (server.exited ? resolve(null) : server.child.once('exit', resolve)))
    expect(server.exited?.code).toBe(2)
    expect(server.output.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^rolling-text: .*rolling-text\.sqlite was written by a newer rolling-text \(schema version 99/,
      ),
    ])
    const cli = await runBin(['invite', '--role', 'editor'], root, { env: { DATA_DIR: dataDir } })
    expect(cli.code).toBe(1)
    expect(cli.stderr.trim().split('\n')).toHaveLength(1)
    expect(cli.stderr).toContain('schema version 99')
  })

  it('PUBLIC_URL without a scheme is refused', async () => {
    expect(() => loadConfig({ PUBLIC_URL: 'texts.example.org' })).toThrow(ConfigError)
    expect(() => loadConfig({ PUBLIC_URL: 'texts.example.org' })).toThrow(/must start with http:\/\/ or https:\/\//)
    expect(loadConfig({ PUBLIC_URL: 'https://texts.example.org/' }).publicUrl).toBe('https://texts.example.org/')
    const server = await serverExit({ DATA_DIR: scratch(), PORT: '0', PUBLIC_URL: 'texts.example.org' })
    await new Promise((resolve) => (server.exited ? resolve(null) : server.child.once('exit', resolve)))
    expect(server.exited?.code).toBe(2)
    expect(server.output).toMatch(/^rolling-text: PUBLIC_URL must start with http:\/\/ or https:\/\/.*\n$/)
  })
})

describe('limits from the environment', () => {
  it('are all in the documented table', () => {
    const doc = readFileSync(join(root, 'docs/DEPLOY.md'), 'utf8')
    const names = limitVariables()
    expect(names).toEqual(expect.arrayContaining(['RT_LIMIT_MAX_UPLOAD_BYTES', 'RT_LIMIT_AWARENESS_MAX_ENTRIES']))
    for (const name of names) expect(doc).toContain(`| \`${name}\``)
  })

  it('are refused at start when not a whole number, in one line', () => {
    expect(() => loadConfig({ RT_LIMIT_MAX_BODY_BYTES: '1.5' })).toThrow(ConfigError)
    expect(loadConfig({ RT_LIMIT_MAX_UPLOAD_BYTES: '1000' }).limits.maxUploadBytes).toBe(1000)
  })
})

describe('a fresh data directory', () => {
  it('is not created by a command that only reads', async () => {
    const dataDir = join(scratch(), 'never')
    await runBin(['invite', '--revoke', 'x'], root, { env: { DATA_DIR: dataDir } })
    expect(existsSync(dataDir)).toBe(false)
  })
})
