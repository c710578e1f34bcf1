import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonLog } from '../../server/log'
import { documentedPrograms, runProgram } from '../harness/examples'
import { trySocket } from '../harness/clients'
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

const opened = trySocket

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

describe('the Node examples in docs/PROTOCOL.md', () => {
  const examples = documentedPrograms('docs/PROTOCOL.md')

  it('shows both ways in: the token as a subprotocol, and a ticket', () => {
    expect([...examples.keys()].sort()).toEqual(['sync.mjs', 'ticket.mjs'])
    expect(examples.get('ticket.mjs')).toContain('/api/tickets')
  })

  for (const name of ['sync.mjs', 'ticket.mjs'])
    it(`${name} runs as documented and prints the start of the text`, async () => {
      const token = await server.token('observer')
      const env = { RT_URL: server.url, RT_TOKEN: token, NEGOTIATION: server.negotiation.id }
      const { code, out } = await runProgram(examples.get(name) ?? '', env)
      expect(out).toContain('<clause')
      expect(code).toBe(0)
      await until(
        () => logged.some((l) => l.includes('"event":"connection-closed"') && l.includes('"role":"observer"')),
        onLog,
        'the example’s connection closing',
      )
    }, 40_000)
})
