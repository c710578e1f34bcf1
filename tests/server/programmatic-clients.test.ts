import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { jsonLog } from '../../server/log'
import { root } from '../harness/cli'
import { until } from '../harness/events'
import { startTestServer, type TestServer } from '../harness/server'

const logged: string[] = []
const wakes = new Set<() => void>()
const onLog = (wake: () => void) => {
  wakes.add(wake)
  return () => wakes.delete(wake)
}
let server: TestServer
beforeAll(async () => {
  server = await startTestServer({
    log: jsonLog('info', {
      write: (line: string) => {
        logged.push(line)
        for (const wake of wakes) wake()
      },
    }),
  })
})
afterAll(() => server.stop())

/** Opens a sync socket and resolves with how it ended (1000: it opened and we closed it). */
function opened(url: string, protocols: string[] = [], headers: Record<string, string> = {}) {
  return new Promise<{ code: number; reason: string }>((resolve) => {
    const ws = new WebSocket(url, protocols, { headers })
    ws.on('open', () => ws.close(1000))
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
}

async function ticketFor(token: string): Promise<string> {
  const reply = await server.api('/api/tickets', { token, method: 'POST' })
  expect(reply.status).toBe(201)
  const { ticket, expiresIn } = reply.json as { ticket: string; expiresIn: number }
  expect(expiresIn).toBe(60)
  expect(ticket).toMatch(/^rtt1\./)
  return ticket
}

describe('WebSocket tickets', () => {
  it('a ticket opens one socket, as a subprotocol or ?ticket=, and is refused the second time', async () => {
    const token = await server.token('editor')
    const room = `${server.wsUrl}/${server.negotiation.id}`
    const ticket = await ticketFor(token)
    expect(ticket).not.toContain(token.split('.')[2])
    expect(await opened(room, ['rolling-text', ticket])).toMatchObject({ code: 1000 })
    const again = await opened(room, ['rolling-text', ticket])
    expect(again.code).toBe(4401)
    expect(again.reason).toMatch(/used already/)
    const query = await ticketFor(token)
    expect(await opened(`${room}?ticket=${query}`)).toMatchObject({ code: 1000 })
    expect((await opened(`${room}?ticket=${query}`)).code).toBe(4401)
    expect(logged.join('')).not.toContain('deprecated-query-token')
  })

  it('opens nothing on HTTP, and dies with its invitation', async () => {
    const chair = await server.token('chair')
    const ticket = await ticketFor(chair)
    const asBearer = await server.api('/api/me', { token: ticket })
    expect(asBearer.status).toBe(401)
    expect((await server.api('/api/tickets', { method: 'POST' })).status).toBe(401)
    const made = await server.api(`/api/negotiations/${server.negotiation.id}/invitations`, {
      token: chair,
      body: { role: 'observer' },
    })
    const { token } = made.json as { token: string }
    const { invitation } = (await server.api('/api/me', { token })).json as { invitation: string }
    const doomed = await ticketFor(token)
    const revoked = await server.api(`/api/negotiations/${server.negotiation.id}/invitations/${invitation}`, {
      token: chair,
      method: 'DELETE',
    })
    expect(revoked.status).toBe(200)
    const refused = await opened(`${server.wsUrl}/${server.negotiation.id}`, ['rolling-text', doomed])
    expect(refused).toMatchObject({ code: 4401, reason: expect.stringMatching(/revoked/) })
    // A forged or altered ticket is no better.
    const [tag, payload, signature] = ticket.split('.')
    const altered = `${tag}.${payload}.${signature?.slice(1)}x`
    expect((await opened(`${server.wsUrl}/${server.negotiation.id}`, ['rolling-text', altered])).code).toBe(4401)
  })

  it('expires after a minute', async () => {
    const ticket = await ticketFor(await server.token('observer'))
    const realNow = Date.now
    Date.now = () => realNow() + 61_000
    try {
      await expect(server.tokens.redeem(ticket)).rejects.toMatchObject({ code: 'expired' })
    } finally {
      Date.now = realNow
    }
    await expect(server.tokens.redeem(ticket)).resolves.toMatchObject({ role: 'observer' })
  })
})

/** The ```js blocks of docs/PROTOCOL.md, by the file name their first line gives. */
function protocolExamples(): Map<string, string> {
  const doc = readFileSync(join(root, 'docs', 'PROTOCOL.md'), 'utf8')
  const blocks = [...doc.matchAll(/```js\n(\/\/ (\S+\.mjs):[^\n]*\n[\s\S]*?)```/g)]
  return new Map(blocks.map((m) => [m[2] ?? '', m[1] ?? '']))
}

/** Runs a documented example as a user would, with the environment it names. */
function runExample(source: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  // Inside the repository, so that `ws`, `y-websocket` and `yjs` resolve from its node_modules.
  const dir = join(root, 'test-artifacts')
  mkdirSync(dir, { recursive: true })
  const work = mkdtempSync(join(dir, 'example-'))
  const file = join(work, 'example.mjs')
  writeFileSync(file, source)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString()
    })
    const timer = setTimeout(() => child.kill(), 30_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      rmSync(work, { recursive: true, force: true })
      resolve({ code, out })
    })
  })
}

describe('the Node examples in docs/PROTOCOL.md', () => {
  const examples = protocolExamples()

  it('shows both ways in: the token as a subprotocol, and a ticket', () => {
    expect([...examples.keys()].sort()).toEqual(['sync.mjs', 'ticket.mjs'])
    expect(examples.get('ticket.mjs')).toContain('/api/tickets')
  })

  for (const name of ['sync.mjs', 'ticket.mjs'])
    it(`${name} runs as documented and prints the start of the text`, async () => {
      const token = await server.token('observer')
      const env = { RT_URL: server.url, RT_TOKEN: token, NEGOTIATION: server.negotiation.id }
      const { code, out } = await runExample(examples.get(name) ?? '', env)
      expect(out).toContain('<clause')
      expect(code).toBe(0)
      await until(
        () => logged.some((l) => l.includes('"event":"connection-closed"') && l.includes('"role":"observer"')),
        onLog,
        'the example’s connection closing',
      )
    }, 40_000)
})
