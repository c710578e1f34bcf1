import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invitationLimits } from '../../../server/auth/tokens'
import { isCalendarDay } from '../../../shared/schema/day'
import { startTestServer, type TestServer } from '../../harness/server'

// Issue 15, point 12: invitations carry bounded names; readings real days.

let server: TestServer
let chair = ''
beforeAll(async () => {
  server = await startTestServer()
  chair = await server.token('chair')
})
afterAll(() => server.stop())

const invite = (body: unknown) =>
  server.api(`/api/negotiations/${server.negotiation.id}/invitations`, { token: chair, body })

describe('invitation names', () => {
  it('refuses a state or a name of 100,000 characters with 400 naming the field', async () => {
    const long = 'A'.repeat(100_000)
    const issued = async () => (await server.storage.tokens.list(server.negotiation.id)).length
    const before = await issued()
    for (const [body, field] of [
      [{ role: 'delegation', state: long }, 'state'],
      [{ role: 'observer', name: long }, 'name'],
      [{ role: 'delegation', state: 'Austria', name: 'line\nbreak' }, 'name'],
      [{ role: 'delegation', state: 'Aus\u202etria' }, 'state'],
    ] as const) {
      const res = await invite(body)
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400)
      expect(res.json).toMatchObject({ error: { code: 'invalid-input', fields: [{ field }] } })
    }
    expect(await issued(), 'nothing refused is recorded').toBe(before)
  })

  it('takes names up to the limit', async () => {
    const state = 'S'.repeat(invitationLimits.state)
    const res = await invite({ role: 'delegation', state, name: 'Ms Ångström-Nuñez' })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({ state, name: 'Ms Ångström-Nuñez' })
    await expect(
      server.tokens.issue({ role: 'observer', name: 'n'.repeat(101), negotiation: null, createdBy: 'cli' }),
    ).rejects.toThrow(/name is 101 characters long/)
  })
})

describe('reading dates', () => {
  it('refuses days that do not exist and takes leap days', async () => {
    const freeze = (date: string) =>
      server.api(`/api/negotiations/${server.negotiation.id}/readings`, { token: chair, body: { name: 'R', date } })
    for (const date of ['2024-02-31', '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '24-01-01']) {
      const res = await freeze(date)
      expect(res.status, date).toBe(400)
      expect(res.json).toMatchObject({ error: { code: 'invalid-input', fields: [{ field: 'date' }] } })
    }
    expect((await freeze('2024-02-29')).status).toBe(201)
    expect(isCalendarDay('2000-02-29')).toBe(true)
    expect(isCalendarDay('1900-02-29')).toBe(false)
  })
})
