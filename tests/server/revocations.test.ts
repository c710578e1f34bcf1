import { present } from '../../shared/present'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeRevokedSessions } from '../../server/auth/revocations'
import { CloseCode } from '../../server/core/close-codes'
import type { Invitation } from '../../server/storage/types'
import { runCli } from '../harness/cli'
import { connectClient, type Client } from '../harness/clients'
import { on, until } from '../harness/events'
import { startTestServer, type TestServer } from '../harness/server'

const invitation = (id: string, revokedAt: string | null): Invitation => ({
  id,
  role: 'observer',
  state: null,
  negotiationId: 'n',
  name: id,
  createdAt: 't',
  createdBy: 'test',
  revokedAt,
})

describe('closeRevokedSessions', () => {
  it('closes with 4401 the sessions of revoked invitations, and only those', async () => {
    const store = new Map([
      ['kept', invitation('kept', null)],
      ['gone', invitation('gone', '2026-12-01T10:00:00Z')],
    ])
    const ended: string[] = []
    const sessions = {
      tokenIds: () => new Set(['kept', 'gone', 'unknown']),
      endSessions: (id: string) => {
        ended.push(id)
      },
    }
    expect(await closeRevokedSessions(sessions, { get: async (id) => store.get(id) ?? null })).toEqual(['gone'])
    expect(ended).toEqual(['gone'])
  })
})

describe('a link revoked from the command line while the server runs', () => {
  let server: TestServer
  const clients: Client[] = []
  const savedDataDir = process.env.DATA_DIR
  beforeAll(async () => {
    server = await startTestServer({ limits: { revocationCheckMs: 25 } })
    process.env.DATA_DIR = server.dataDir
  })
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await server.stop()
    if (savedDataDir === undefined) delete process.env.DATA_DIR
    else process.env.DATA_DIR = savedDataDir
  })

  it('closes the sessions opened with it (4401), and not the others', async () => {
    const issue = (state: string) =>
      server.tokens.issue({ role: 'delegation', state, negotiation: server.negotiation.id, createdBy: 'test' })
    const [leaked, kept] = [await issue('Chile'), await issue('Kenya')]
    const [revokedSession, keptSession] = [leaked, kept].map(({ token }) =>
      connectClient(server.wsUrl, server.negotiation.id, token),
    )
    clients.push(revokedSession, keptSession)
    await Promise.all([revokedSession.synced(), keptSession.synced()])

    expect((await runCli(['invite', '--revoke', leaked.invitation.id])).code).toBe(0)
    await until(
      () => revokedSession.closes.find((c) => c.code === CloseCode.unauthorized),
      on([[revokedSession.provider, 'connection-close']]),
      'the revoked session to close',
    )
    expect(revokedSession.closes[0].reason).toMatch(/revoked/)

    // The kept session is still served: an edit by it would be refused
    // (a delegation), but its presence still reaches the server.
    keptSession.provider.awareness.setLocalStateField('user', { name: 'Kenya' })
    const room = present(server.rooms.get(server.negotiation.id))
    await until(
      () =>
        [...room.presence.awareness.getStates().values()].some(
          (s) => (s.user as { state?: string } | undefined)?.state === 'Kenya',
        ),
      on([[room.presence.awareness, 'change']]),
      'the kept session to announce itself',
    )
    expect(keptSession.closes).toEqual([])
  })
})
