import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { loadKeyring, retireKey, rotateKey, TokenService } from '../../server/auth/tokens'
import { contentSecurityPolicy } from '../../server/http/headers'
import { jsonLog } from '../../server/log'
import { root, runBin } from '../harness/cli'
import { trySocket } from '../harness/clients'
import { until, Wakeups } from '../harness/events'
import { startTestServer, type TestServer } from '../harness/server'

const clientDir = mkdtempSync(join(tmpdir(), 'rt-http-client-'))
mkdirSync(join(clientDir, 'assets'))
writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>rolling-text</title><div id="app"></div>')
const bundle = `console.log(${JSON.stringify('x'.repeat(20_000))})`
writeFileSync(join(clientDir, 'assets', 'index-abc123.js'), bundle)

const logged: string[] = []
const logWritten = new Wakeups()
let server: TestServer
beforeAll(async () => {
  server = await startTestServer({
    clientDir,
    log: jsonLog('info', {
      write: (line: string) => {
        logged.push(line)
        logWritten.notify()
      },
    }),
    limits: { headersTimeoutMs: 300, maxConnectionsPerAddress: 40 },
  })
})
afterAll(async () => {
  await server.stop()
  rmSync(clientDir, { recursive: true, force: true })
})

describe('the HTTP layer', () => {
  it('serves assets compressed, with a length, an ETag and a year of caching', async () => {
    const url = `${server.url}/assets/index-abc123.js`
    const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } })
    expect(plain.headers.get('content-length')).toBe(String(bundle.length))
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const etag = plain.headers.get('etag')
    expect(etag).toBeTruthy()
    const again = await fetch(url, { headers: { 'if-none-match': etag ?? '' } })
    expect(again.status).toBe(304)
    const page = await fetch(server.url)
    expect(page.headers.get('cache-control')).toBe('no-cache')
    expect(await page.text()).toContain('<div id="app">')
  })

  it('compresses API answers the client accepts, and says how long they are', async () => {
    const token = await server.token('observer')
    const res = await fetch(`${server.url}/api/negotiations/${server.negotiation.id}/export?format=html`, {
      headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' },
    })
    expect(res.status).toBe(200)
    // fetch decodes it; the raw length is the compressed one.
    expect(res.headers.get('content-encoding')).toBe('gzip')
    const raw = await new Promise<Buffer>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () =>
        socket.write(
          `GET /api/negotiations/${server.negotiation.id}/export?format=html HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n`,
        ),
      )
      const chunks: Buffer[] = []
      socket.on('data', (c) => chunks.push(c))
      socket.on('end', () => resolve(Buffer.concat(chunks)))
    })
    const split = raw.indexOf('\r\n\r\n')
    const head = raw.subarray(0, split).toString()
    const length = Number(/content-length: (\d+)/i.exec(head)?.[1])
    expect(length).toBe(raw.length - split - 4)
    expect(gunzipSync(raw.subarray(split + 4)).toString()).toContain('<html')
  })

  it('answers HEAD, 405 with Allow, and 404 for unknown paths (not the page)', async () => {
    const head = await fetch(`${server.url}/api/health`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const wrong = await fetch(`${server.url}/api/health`, { method: 'DELETE' })
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('allow')).toBe('GET, HEAD')
    expect((await fetch(`${server.url}/`, { method: 'POST' })).headers.get('allow')).toBe('GET, HEAD')
    for (const path of ['/nope', '/metrics.php', '/api/nope'])
      expect((await fetch(`${server.url}${path}`)).status).toBe(404)
  })

  it('sends the security headers on every answer, with a CSP that blocks requests elsewhere', async () => {
    for (const path of ['/', '/api/health', '/nope']) {
      const res = await fetch(`${server.url}${path}`)
      expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    }
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'")
    expect(contentSecurityPolicy).toContain("img-src 'self' data: blob:")
    expect(contentSecurityPolicy).toContain("connect-src 'self'")
  })

  it('has liveness, readiness that queries the database, and Prometheus metrics', async () => {
    expect((await server.api('/api/health')).status).toBe(200)
    expect((await server.api('/api/ready')).json).toMatchObject({ ready: true })
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    for (const name of [
      'rt_connections',
      'rt_rooms',
      'rt_updates_total',
      'rt_commit_seconds_bucket',
      'rt_wal_bytes',
      'nodejs_eventloop_lag_seconds',
      'rt_http_responses_total{status="200"}',
    ])
      expect(metrics).toContain(name)
  })

  it('cuts off clients that drip their headers, and caps connections per address', async () => {
    const slow = connect(server.port, '127.0.0.1', () => slow.write('GET / HTTP/1.1\r\nHost: x\r\n'))
    slow.on('error', () => {})
    await new Promise((resolve) => slow.once('close', resolve))
    const sockets = Array.from({ length: 45 }, () => connect(server.port, '127.0.0.1').on('error', () => {}))
    const closed = sockets.map((s) => new Promise((resolve) => s.once('close', resolve)))
    // Past 40, the server closes at once; the first ones time out on their headers.
    await Promise.all(closed)
    expect(logged.some((l) => l.includes('"event":"connection-cap"'))).toBe(true)
  }, 60_000)
})

describe('tokens out of URLs', () => {
  it('trades a link token for an HttpOnly cookie session that the API and the socket accept', async () => {
    const token = await server.token('editor')
    const res = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^rt_session=rts1\.[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/)
    expect(cookie).not.toContain(token)
    const session = cookie.split(';')[0] ?? ''
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie: session } })
    expect(await me.json()).toMatchObject({ role: 'editor' })
    // A cross-site page cannot use it to change anything.
    const forged = await fetch(`${server.url}/api/negotiations/${server.negotiation.id}/readings`, {
      method: 'POST',
      headers: { cookie: session, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    })
    expect(forged.status).toBe(403)
    const opened = (headers: Record<string, string>, protocols: string[] = []) =>
      trySocket(`${server.wsUrl}/${server.negotiation.id}`, protocols, headers)
    expect((await opened({ cookie: session, origin: server.url })).code).toBe(1000)
    expect((await opened({ cookie: session, origin: 'https://evil.example' })).code).toBe(4403)
    // Programmatic clients: the token as a subprotocol; the answer never echoes it.
    expect(await opened({}, ['rolling-text', token])).toMatchObject({ code: 1000, protocol: 'rolling-text' })
  })

  it('signing out ends the session itself: a copy of its cookie opens nothing, on HTTP or the socket', async () => {
    const token = await server.token('delegation', 'Chile')
    const start = async () => {
      const res = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      })
      return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    }
    const session = await start()
    const other = await start()
    const me = (cookie: string) => fetch(`${server.url}/api/me`, { headers: { cookie } })
    expect((await me(session)).status).toBe(200)
    const out = await fetch(`${server.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie: session, origin: server.url },
    })
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/)
    const refused = await me(session)
    expect(refused.status).toBe(401)
    expect(await refused.json()).toMatchObject({
      error: { code: 'unauthorized', message: expect.stringMatching(/signed out/) },
    })
    const socket = await trySocket(`${server.wsUrl}/${server.negotiation.id}`, [], {
      cookie: session,
      origin: server.url,
    })
    expect(socket).toMatchObject({ code: 4401, reason: expect.stringMatching(/signed out/) })
    // Another session from the same link, and the link itself, still work.
    expect((await me(other)).status).toBe(200)
    expect((await fetch(`${server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    expect(logged.some((l) => l.includes('"event":"session-ended"'))).toBe(true)
  })

  it('takes the query-string token for now, with a deprecation warning that holds no token', async () => {
    const token = await server.token('observer')
    const ws = new WebSocket(`${server.wsUrl}/${server.negotiation.id}?token=${encodeURIComponent(token)}`)
    await new Promise((resolve) => ws.on('open', resolve))
    ws.close()
    await until(
      () => logged.some((l) => l.includes('"event":"deprecated-query-token"')),
      logWritten.subscribe,
      'the warning',
    )
    expect(logged.join('')).not.toContain(token)
    expect(logged.join('')).not.toContain(token.split('.')[2] ?? 'x')
    expect(logged.some((l) => l.includes('"event":"connection-opened"'))).toBe(true)
  })

  it('rotates the signing key without breaking the links already sent, until the old key is retired', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-keys-'))
    try {
      const store = server.storage.tokens
      const before = await new TokenService(loadKeyring(dir), store).issue({ role: 'observer', createdBy: 'test' })
      const kid = rotateKey(dir)
      const ring = loadKeyring(dir)
      expect(ring.current).toBe(kid)
      const after = await new TokenService(ring, store).issue({ role: 'observer', createdBy: 'test' })
      await expect(new TokenService(ring, store).verify(before.token)).resolves.toMatchObject({ role: 'observer' })
      await expect(new TokenService(ring, store).verify(after.token)).resolves.toMatchObject({ role: 'observer' })
      expect(() => retireKey(dir, kid)).toThrow(/rotate first/)
      expect(retireKey(dir, '0')).toBe(true)
      const retired = new TokenService(loadKeyring(dir), store)
      await expect(retired.verify(before.token)).rejects.toMatchObject({ code: 'bad-signature' })
      await expect(retired.verify(after.token)).resolves.toMatchObject({ role: 'observer' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('gives invitations an expiry, from the API and the command line', async () => {
    const chair = await server.token('chair')
    const made = await server.api(`/api/negotiations/${server.negotiation.id}/invitations`, {
      token: chair,
      body: { role: 'observer', expiresInDays: 2 },
    })
    expect(made.status).toBe(201)
    const expiry = server.tokens.expiryOf((made.json as { token: string }).token) ?? 0
    expect(Math.round((expiry * 1000 - Date.now()) / 86_400_000)).toBe(2)
    const bad = await server.api(`/api/negotiations/${server.negotiation.id}/invitations`, {
      token: chair,
      body: { role: 'observer', expiresInDays: 0 },
    })
    expect(bad.status).toBe(400)
    const cli = await runBin(['invite', '--role', 'observer', '--expires-in-days', '3', '--format', 'json'], root, {
      env: { DATA_DIR: server.dataDir },
    })
    expect(cli.code).toBe(0)
    const fromCli = server.tokens.expiryOf(JSON.parse(cli.stdout).token) ?? 0
    expect(Math.round((fromCli * 1000 - Date.now()) / 86_400_000)).toBe(3)
    const rotated = await runBin(['keys', 'rotate'], root, { env: { DATA_DIR: server.dataDir } })
    expect(rotated.stdout).toMatch(/^New links are signed with key k\w+;/)
    expect((await runBin(['keys', 'list'], root, { env: { DATA_DIR: server.dataDir } })).stdout).toMatch(
      /^0\nk\w+ {2}\(signs new links\)\n$/,
    )
  })

  it('refuses an expired link, saying so', async () => {
    const { token } = await server.tokens.issue({
      role: 'observer',
      negotiation: server.negotiation.id,
      createdBy: 'test',
      expiresAt: new Date(Date.now() - 1000),
    })
    const res = await server.api('/api/me', { token })
    expect(res.status).toBe(401)
    expect((res.json as { error: { message: string } }).error.message).toMatch(/expired/)
    expect(logged.some((l) => l.includes('"event":"auth-failed"') && l.includes('"code":"expired"'))).toBe(true)
  })
})

describe('heavy requests', () => {
  it('are limited per invitation (429), so one caller cannot take every room’s CPU', async () => {
    // One request a minute refills the budget: none comes back while the test runs.
    const limited = await startTestServer({ limits: { heavyPerMinute: 1, heavyBurst: 3, heavyConcurrent: 2 } })
    try {
      const token = await limited.token('observer')
      const other = await limited.token('observer')
      const get = (t: string) =>
        limited.api(`/api/negotiations/${limited.negotiation.id}/export?format=txt`, { token: t })
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) statuses.push((await get(token)).status)
      expect(statuses).toEqual([200, 200, 200, 429, 429])
      expect((await get(other)).status).toBe(200)
      // The positions matrix rebuilds a whole text too, and shares the budget.
      const matrix = await limited.api(`/api/negotiations/${limited.negotiation.id}/matrix`, { token })
      expect(matrix.status).toBe(429)
    } finally {
      await limited.stop()
    }
  })
})
