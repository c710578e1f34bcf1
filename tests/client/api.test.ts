// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Api, ApiError, diffPath, exportPath } from '../../client/api'
import { keepToken, takeToken } from '../../client/token'

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
  it('sends the token as a bearer header and JSON bodies', async () => {
    const fetch = stubFetch(201, { id: 'p1' })
    await new Api('tok').addPosition('neg 1', { clauseId: 'c', stance: 'support' })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/negotiations/neg%201/positions')
    expect(init.headers).toEqual({ Authorization: 'Bearer tok', 'Content-Type': 'application/json' })
    expect(JSON.parse(init.body as string)).toEqual({ clauseId: 'c', stance: 'support' })
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
  it('is taken from the URL, stored, and stripped from the address bar', () => {
    history.replaceState(null, '', '/?token=secret&negotiation=n#x')
    localStorage.clear()
    expect(takeToken(location, history, localStorage)).toEqual({ token: 'secret', offered: null })
    expect(location.search).toBe('?negotiation=n')
    expect(location.hash).toBe('#x')
    expect(takeToken(location, history, localStorage)).toEqual({ token: 'secret', offered: null })
  })

  it('from a second link is only offered while another one is stored', () => {
    history.replaceState(null, '', '/?token=other')
    expect(takeToken(location, history, localStorage)).toEqual({ token: 'secret', offered: 'other' })
    expect(location.search).toBe('')
    keepToken(localStorage, 'other')
    expect(takeToken(location, history, localStorage)).toEqual({ token: 'other', offered: null })
  })
})
