import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { root } from '../harness/cli'
import { until } from '../harness/events'
import { documentedPrograms, runProgram } from '../harness/examples'
import {
  chromiumPath,
  clauseText,
  eventually,
  placeCursorAfter,
  screenshot,
  startStage,
  type Stage,
} from '../e2e/browser'

/** Debian's nginx and OpenSSL, which `.ci/run` installs. */
const nginxPath = '/usr/sbin/nginx'
const opensslPath = '/usr/bin/openssl'

/** Whether nginx, OpenSSL and Chromium are here. Without them the test is
 *  skipped with a loud message on a developer's machine, and fails under CI. */
function toolsAvailable(): boolean {
  const missing = [nginxPath, opensslPath, chromiumPath].filter((tool) => !existsSync(tool))
  if (missing.length === 0) return true
  const message = `the deployment test needs ${missing.join(', ')} (apt-get install nginx openssl chromium)`
  if (process.env.CI) throw new Error(`${message}; CI must not skip it`)
  console.warn(`\n*** SKIPPING THE DEPLOYMENT TEST: ${message} ***\n`)
  return false
}

/** A port nobody listens on now, on the loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Replaces `from` in `text`, which must hold it exactly once (else docs/DEPLOY.md changed under the test). */
function replaceOnce(text: string, from: string, to: string): string {
  const parts = text.split(from)
  if (parts.length !== 2) throw new Error(`docs/DEPLOY.md's nginx block should hold '${from}' once`)
  return parts.join(to)
}

/** docs/DEPLOY.md's nginx block as it stands, pointed at this test's ports,
 *  certificate and log, inside the few lines a whole nginx.conf needs. */
function nginxConfig(dir: string, ports: { https: number; http: number; app: number }): string {
  const doc = readFileSync(join(root, 'docs', 'DEPLOY.md'), 'utf8')
  const blocks = [...doc.matchAll(/```nginx\n([\s\S]*?)```/g)]
  expect(blocks).toHaveLength(1)
  let site = blocks[0]?.[1] ?? ''
  site = replaceOnce(site, 'listen 443 ssl', `listen 127.0.0.1:${ports.https} ssl`)
  site = replaceOnce(site, 'listen 80;', `listen 127.0.0.1:${ports.http};`)
  site = replaceOnce(site, '/etc/ssl/certs/texts.example.org.pem', join(dir, 'cert.pem'))
  site = replaceOnce(site, '/etc/ssl/private/texts.example.org.key', join(dir, 'key.pem'))
  site = replaceOnce(site, '/var/log/nginx/rolling-text.access.log', join(dir, 'access.log'))
  site = replaceOnce(site, 'proxy_pass http://127.0.0.1:8080;', `proxy_pass http://127.0.0.1:${ports.app};`)
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${join(dir, t)};`)
  return [
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    'events { worker_connections 256; }',
    'http {',
    '    default_type application/octet-stream;',
    ...temp,
    site,
    '}',
    '',
  ].join('\n')
}

/** Resolves once nginx is up: it writes its pid file after opening its
 *  listening sockets. Fails with its output if it exits first. */
function started(dir: string, nginx: ChildProcess, output: () => string): Promise<unknown> {
  return until(
    () => {
      if (nginx.exitCode !== null) throw new Error(`nginx exited (${nginx.exitCode}):\n${output()}`)
      return existsSync(join(dir, 'nginx.pid'))
    },
    (wake) => {
      const watcher = watch(dir, wake)
      nginx.on('exit', wake)
      return () => {
        watcher.close()
        nginx.off('exit', wake)
      }
    },
    'nginx to start',
  )
}

/** Records what a browser context sends: every request's URL and
 *  Authorization header, and the URL of every WebSocket its pages open. */
function recorder(seen: { tokens: Set<string>; sockets: string[]; urls: string[] }) {
  return async (context: BrowserContext) => {
    context.on('request', (request) => {
      seen.urls.push(request.url())
      const bearer = request.headers().authorization?.replace(/^Bearer /, '')
      if (bearer) seen.tokens.add(bearer)
    })
    context.on('page', (page) => page.on('websocket', (ws) => seen.sockets.push(ws.url())))
  }
}

describe.runIf(toolsAvailable())('deployment: nginx with TLS in front of the server, driven by Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rt-nginx-'))
  let stage: Stage
  let nginx: ChildProcess
  let nginxOutput = ''
  let base = ''

  beforeAll(async () => {
    const ports = { https: await freePort(), http: await freePort() }
    base = `https://127.0.0.1:${ports.https}`
    execFileSync(
      opensslPath,
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'pipe' },
    )
    stage = await startStage({ baseUrl: () => base })
    // Under CI nginx runs as root and its workers as nobody: they must reach their temp folders.
    chmodSync(dir, 0o755)
    writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, { ...ports, app: stage.server.port }))
    nginx = spawn(
      nginxPath,
      ['-p', `${dir}/`, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log'), '-g', 'daemon off;'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    const collect = (d: Buffer) => {
      nginxOutput += d.toString()
    }
    nginx.stdout?.on('data', collect)
    nginx.stderr?.on('data', collect)
    await started(
      dir,
      nginx,
      () => nginxOutput + (existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''),
    )
  }, 90_000)

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve))
      nginx.kill('SIGTERM')
      await exited
    }
    await stage?.stop()
    rmSync(dir, { recursive: true, force: true })
    expect(stage?.pageErrors ?? []).toEqual([])
  })

  it('an invitation link opens over https, edits sync over wss, and the access log holds no token, session or ticket', async () => {
    const negotiation = await stage.negotiation()
    const seen = { tokens: new Set<string>(), sockets: [] as string[], urls: [] as string[] }
    const chair = await stage.open(negotiation, 'chair', null, recorder(seen))
    const chile = await stage.open(negotiation, 'delegation', 'Chile', recorder(seen))
    expect(chair.page.url()).toBe(`${base}/`)
    for (const { page } of [chair, chile]) await page.locator('.rt-connection[data-state="connected"]').waitFor()

    await placeCursorAfter(chair.page, 'III.1', 'Autonomous weapons systems')
    await chair.page.keyboard.type(' through the proxy')
    await eventually(() => clauseText(chile.page, 'III.1')).toContain('through the proxy')
    await screenshot(chile.page, 'behind-nginx')
    expect(seen.sockets.length).toBeGreaterThanOrEqual(4)
    expect(seen.sockets.filter((url) => !url.startsWith(`wss://127.0.0.1:${new URL(base).port}/sync/`))).toEqual([])

    const sessions: string[] = []
    for (const { context } of [chair, chile]) {
      const cookies = await context.cookies()
      expect(cookies).toEqual([expect.objectContaining({ name: 'rt_session', httpOnly: true, secure: true })])
      sessions.push(...cookies.map((c) => c.value))
    }

    // A program through the proxy: the documented ticket client, trusting the test's certificate.
    const ticketClient = documentedPrograms('docs/PROTOCOL.md').get('ticket.mjs') ?? ''
    const observer = await stage.server.token('observer', null, negotiation)
    const program = await runProgram(ticketClient, {
      RT_URL: base,
      RT_TOKEN: observer,
      NEGOTIATION: negotiation,
      NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem'),
    })
    expect(program.out).toContain('<clause')
    expect(program.code).toBe(0)

    // An old link (?token=, accepted for one release) opens too; the proxy masks its token.
    const old = await stage.server.token('editor', null, negotiation)
    const oldContext = await stage.browser.newContext({ ignoreHTTPSErrors: true })
    const oldPage = await oldContext.newPage()
    await oldPage.goto(`${base}/?token=${encodeURIComponent(old)}`)
    await oldPage.waitForSelector('.rt-editor-frame[data-ready] .rt-editor')
    expect(oldPage.url()).toBe(`${base}/`)

    await chair.context.close()
    await chile.context.close()
    await oldContext.close()
    // nginx writes a WebSocket's line when it closes: wait for all of them.
    const logFile = join(dir, 'access.log')
    const log = await until(
      () => {
        const text = readFileSync(logFile, 'utf8')
        const syncLines = text.split('\n').filter((l) => l.includes(`GET /sync/${negotiation}`))
        return syncLines.length >= 6 && text
      },
      (wake) => {
        const watcher = watch(logFile, wake)
        return () => watcher.close()
      },
      'the WebSocket lines in the access log',
      20_000,
    )
    // The log records whole request lines: it would show a token if one were sent in a URL.
    expect(log).toMatch(new RegExp(`"GET /sync/${negotiation} HTTP/1.1" 101 `))
    expect(log).toMatch(/"POST \/api\/session HTTP\/[\d.]+" 200 /)
    expect(log).toMatch(/"POST \/api\/tickets HTTP\/[\d.]+" 201 /)
    const secrets = [...seen.tokens, ...sessions, observer, old]
    expect(secrets.length).toBeGreaterThanOrEqual(5)
    for (const secret of secrets) {
      expect(log).not.toContain(secret)
      expect(log).not.toContain(secret.split('.')[2] ?? secret)
    }
    expect(log).not.toMatch(/\brt[st]?1\.[\w-]{8,}/)
    expect(log).toContain('"GET /?token=[masked] HTTP/')
    expect(log).not.toMatch(/[?&](token|ticket)=(?!\[masked\])/)
  }, 120_000)
})
