// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Api, ApiError, diffPath, exportPath } from '../../client/api'
import { takeToken } from '../../client/token'

afterEach(() => {
  vi.unstubAllGlobals()
})

function stubFetch(status: number, body: unknown) {
  const fetch = vi.fn(
    async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, statusText: 'Status' }),
  )
  vi.stubGlobal('fetch', fetch)
  return fetch
}

describe('the API client', () => {
  it('relies on the session cookie, sending no token, and sends JSON bodies', async () => {
    const fetch = stubFetch(201, { id: 'p1' })
    await new Api().addPosition('neg 1', { clauseId: 'c', stance: 'support' })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/negotiations/neg%201/positions')
    expect(init.headers).toEqual({ 'Content-Type': 'application/json' })
    expect(JSON.parse(init.body as string)).toEqual({ clauseId: 'c', stance: 'support' })
  })

  it('trades a token for a session once, as a bearer header, and ends the session', async () => {
    const fetch = stubFetch(200, { role: 'chair' })
    await new Api().startSession('tok')
    await new Api().endSession()
    const [[url, init], [endUrl, endInit]] = fetch.mock.calls as unknown as [string, RequestInit][]
    expect([url, init.method, init.headers]).toEqual(['/api/session', 'POST', { Authorization: 'Bearer tok' }])
    expect([endUrl, endInit.method, endInit.headers]).toEqual(['/api/session', 'DELETE', {}])
  })

  it("turns an error reply into an ApiError with the server's message", async () => {
    stubFetch(403, { error: { code: 'forbidden', message: 'Observers cannot record positions.' } })
    const error = await new Api('t').me().catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 403, code: 'forbidden', message: 'Observers cannot record positions.' })
  })

  it('explains an endpoint the server does not have yet', async () => {
    stubFetch(404, 'Not Found')
    await expect(new Api('t').readings('n')).rejects.toThrow('The server does not offer this yet (404).')
  })

  it('reports an unreachable server plainly', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch')
      }),
    )
    await expect(new Api('t').me()).rejects.toThrow('The server cannot be reached')
  })

  it('builds comparison and export paths', () => {
    expect(diffPath('n', 'r1', 'live', 'docx')).toBe('/api/negotiations/n/diff?from=r1&to=live&format=docx')
    expect(exportPath('n', 'akn', 'r2')).toBe('/api/negotiations/n/export?format=akn&reading=r2')
  })
})

describe('the invitation token', () => {
  it('is taken from the fragment (#token=), stripped from the address bar, and never stored', () => {
    history.replaceState(null, '', '/?negotiation=n#token=secret&x=1')
    localStorage.clear()
    expect(takeToken(location, history, localStorage)).toBe('secret')
    expect(location.search).toBe('?negotiation=n')
    expect(location.hash).toBe('#x=1')
    expect(takeToken(location, history, localStorage)).toBeNull()
    expect(Object.values({ ...localStorage })).not.toContain('secret')
  })

  it('is taken from an old link (?token=) too', () => {
    history.replaceState(null, '', '/?token=secret&negotiation=n')
    expect(takeToken(location, history, localStorage)).toBe('secret')
    expect(location.search).toBe('?negotiation=n')
  })

  it('an earlier client kept in this browser is taken once, then forgotten', () => {
    history.replaceState(null, '', '/')
    localStorage.setItem('rolling-text.token', 'kept')
    expect(takeToken(location, history, localStorage)).toBe('kept')
    expect(localStorage.getItem('rolling-text.token')).toBeNull()
    expect(takeToken(location, history, localStorage)).toBeNull()
  })
})
