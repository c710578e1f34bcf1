import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trySocket } from '../../harness/clients'
import { freshDatabase, startTestCluster, type TestCluster } from '../../harness/cluster'
import { serviceUrl } from '../../harness/services'

const databaseUrl = serviceUrl('TEST_DATABASE_URL')
const redisUrl = serviceUrl('TEST_REDIS_URL')

/** Opens a sync socket with a ticket and resolves with how it ended (1000: it opened). */
const opened = (url: string, ticket: string) => trySocket(url, ['rolling-text', ticket])

describe.skipIf(!databaseUrl || !redisUrl)('WebSocket tickets across processes', () => {
  let cluster: TestCluster
  beforeAll(async () => {
    cluster = await startTestCluster(2, await freshDatabase(databaseUrl ?? '', 'tickets'), redisUrl ?? '')
  })
  afterAll(() => cluster?.stop())

  it('a ticket fetched from one process opens one socket in the whole cluster', async () => {
    const token = await cluster.token('observer')
    const room = (i: number) => `${cluster.wsUrl(i)}/${cluster.negotiation.id}`
    const reply = await cluster.api(0, '/api/tickets', { token, method: 'POST' })
    expect(reply.status).toBe(201)
    const { ticket } = reply.json as { ticket: string }
    expect(await opened(room(1), ticket)).toMatchObject({ code: 1000 })
    expect(await opened(room(0), ticket)).toMatchObject({ code: 4401, reason: expect.stringMatching(/used already/) })
    expect((await opened(room(1), ticket)).code).toBe(4401)
  })
})
