import { present } from '../../shared/present'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReadingDiff } from '../../shared/diff/types'
import type { Position, Proposal } from '../../shared/positions/position'
import { changedSince, pinnedText } from '../../shared/positions/pinned'
import { docFromText } from '../../server/negotiations/text'
import { clauseIds } from '../../server/negotiations/clauses'
import { connectClient, firstClauseText, type Client } from '../harness/clients'
import { on, until } from '../harness/events'
import { startTestServer, type TestServer } from '../harness/server'

let server: TestServer
let clientDir: string
const clients: Client[] = []
let ids: string[]
let tokens: Record<string, string>

beforeAll(async () => {
  clientDir = join(process.cwd(), 'test-artifacts', `client-${process.pid}`)
  mkdirSync(join(clientDir, 'assets'), { recursive: true })
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>rolling-text</title>')
  writeFileSync(join(clientDir, 'assets', 'app.js'), 'console.log(1)')
  server = await startTestServer({ clientDir })
  const room = present(await server.rooms.open(server.negotiation.id))
  await room.ready
  ids = clauseIds(room.currentDoc().getXmlFragment('prosemirror'))
  tokens = {
    chair: await server.token('chair'),
    editor: await server.token('editor'),
    observer: await server.token('observer'),
    austria: await server.token('delegation', 'Austria'),
    brazil: await server.token('delegation', 'Brazil'),
    global: await server.token('chair', null, null),
  }
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server.stop()
})

/** The body of every error answer (docs/API.md). */
type ErrorAnswer = { error: { code: string; message: string; fields?: { field: string; message: string }[] } }

const expectError = (res: { status: number; json: unknown }, status: number, code: string) => {
  expect(res.status).toBe(status)
  const { error } = res.json as ErrorAnswer
  expect(error.code).toBe(code)
  expect(typeof error.message).toBe('string')
  expect(error.message.length).toBeGreaterThan(10)
}

describe('identity and negotiations', () => {
  it('answers /api/me from the token', async () => {
    expect((await server.api('/api/me', { token: tokens.austria })).json).toEqual({
      role: 'delegation',
      state: 'Austria',
      negotiation: server.negotiation.id,
      name: 'Delegation of Austria',
      invitation: expect.any(String),
    })
    expect(
      ((await server.api('/api/me', { token: tokens.global })).json as { negotiation: string | null }).negotiation,
    ).toBeNull()
    expectError(await server.api('/api/me'), 401, 'unauthorized')
    expectError(await server.api('/api/me', { token: `${tokens.chair}x` }), 401, 'unauthorized')
  })

  it('lists the negotiations a token may open', async () => {
    const list = (await server.api('/api/negotiations', { token: tokens.observer })).json
    expect(list).toEqual([
      { id: server.negotiation.id, title: server.negotiation.title, createdAt: server.negotiation.createdAt },
    ])
  })

  it('lets a chair invited to every negotiation start one from notation, and reports notation errors', async () => {
    const created = await server.api('/api/negotiations', {
      token: tokens.global,
      body: { title: 'Second', text: '# I. One\n1. Text [a][b].\n' },
    })
    expect(created.status).toBe(201)
    expect((await server.api('/api/negotiations', { token: tokens.global })).json).toHaveLength(2)
    expectError(
      await server.api('/api/negotiations', {
        token: tokens.global,
        body: { title: 'Bad', text: '# I. One\n1. [unclosed\n' },
      }),
      400,
      'invalid-notation',
    )
    expectError(
      await server.api('/api/negotiations', { token: tokens.chair, body: { title: 'Scoped chair' } }),
      403,
      'forbidden',
    )
  })

  it('answers unknown paths, methods and bodies with actionable errors', async () => {
    expectError(await server.api('/api/nope', { token: tokens.chair }), 404, 'not-found')
    expectError(await server.api('/api/me', { token: tokens.chair, method: 'DELETE' }), 405, 'method-not-allowed')
    expectError(await server.api(`/api/negotiations/zzz/positions`, { token: tokens.global }), 404, 'not-found')
    const res = await fetch(`${server.url}/api/negotiations/${server.negotiation.id}/positions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.austria}`, 'content-type': 'application/json' },
      body: '{not json',
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('invalid-json')
    const post = (body: string, type: string) =>
      fetch(`${server.url}/api/negotiations/${server.negotiation.id}/positions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.austria}`, 'content-type': type },
        body,
      }).then(async (r) => [r.status, (await r.json()).error.code])
    expect(await post('x'.repeat(300 << 10), 'application/json')).toEqual([413, 'too-large'])
    expect(await post('stance=support', 'application/x-www-form-urlencoded')).toEqual([415, 'unsupported-media-type'])
    expect(
      (
        (await server.api(`/api/negotiations/${server.negotiation.id}`, { token: tokens.observer })).json as {
          title: string
        }
      ).title,
    ).toBe(server.negotiation.title)
    expectError(await server.api('/api/negotiations/%E0%A4%A', { token: tokens.observer }), 404, 'not-found')
  })
})

describe('positions and proposals', () => {
  const path = () => `/api/negotiations/${server.negotiation.id}/positions`

  it("records a delegation's position for its own state and pushes it live", async () => {
    const meta = connectClient(server.wsUrl, `${server.negotiation.id}:meta`, tokens.observer)
    clients.push(meta)
    await meta.synced()
    const res = await server.api(path(), {
      token: tokens.austria,
      body: { clauseId: ids[0], stance: 'support', target: 'lethal', comment: 'Retain.', source: 'statement' },
    })
    expect(res.status).toBe(201)
    const position = res.json as Position
    expect(position).toMatchObject({
      state: 'Austria',
      clauseId: ids[0],
      stance: 'support',
      target: 'lethal',
      author: 'Delegation of Austria',
      reading: null,
    })
    const pushed = await until(
      () => meta.doc.getMap('positions').get(position.id),
      on([[meta.doc, 'update']]),
      'position to be pushed',
    )
    expect(pushed).toEqual(position)
    expect((await server.api(path(), { token: tokens.observer })).json).toEqual([position])
    // The words of a position must be words of its clause.
    expectError(
      await server.api(path(), {
        token: tokens.austria,
        body: { clauseId: ids[0], stance: 'oppose', target: 'words the clause never had' },
      }),
      400,
      'invalid-input',
    )

    const changed = await server.api(`${path()}/${position.id}`, {
      token: tokens.austria,
      method: 'PUT',
      body: { clauseId: ids[0], stance: 'reservation' },
    })
    expect((changed.json as Position).stance).toBe('reservation')
    await until(
      () => (meta.doc.getMap('positions').get(position.id) as Position | undefined)?.stance === 'reservation',
      on([[meta.doc, 'update']]),
      'update pushed',
    )
    expect((await server.api(`${path()}/${position.id}`, { token: tokens.austria, method: 'DELETE' })).status).toBe(204)
    await until(() => !meta.doc.getMap('positions').has(position.id), on([[meta.doc, 'update']]), 'deletion pushed')
  })

  it('pins a position to the clause text it was recorded on, live or in a reading (positions know their reading)', async () => {
    const room = present(await server.rooms.open(server.negotiation.id))
    const clause = docFromText(room.currentDoc()).firstChild?.child(1)
    if (!clause) throw new Error('no first clause')
    const live = await server.api(path(), { token: tokens.austria, body: { clauseId: ids[0], stance: 'support' } })
    expect(live.status).toBe(201)
    const recorded = live.json as Position
    expect(recorded.clauseText).toBe(pinnedText(clause))
    expect(changedSince(recorded, pinnedText(clause))).toBe(false)
    expect(changedSince(recorded, `${pinnedText(clause)} And more.`)).toBe(true)
    expect((await server.storage.positions.get(server.negotiation.id, recorded.id))?.clauseText).toBe(
      recorded.clauseText,
    )
    await server.api(`${path()}/${recorded.id}`, { token: tokens.austria, method: 'DELETE' })
  })

  it("refuses a delegation writing another state's position, and roles without a state", async () => {
    expectError(
      await server.api(path(), {
        token: tokens.brazil,
        body: { clauseId: ids[0], stance: 'oppose', state: 'Austria' },
      }),
      403,
      'forbidden',
    )
    const austrian = (await server.api(path(), { token: tokens.austria, body: { clauseId: ids[1], stance: 'oppose' } }))
      .json as Position
    expectError(
      await server.api(`${path()}/${austrian.id}`, {
        token: tokens.brazil,
        method: 'PUT',
        body: { clauseId: ids[1], stance: 'support' },
      }),
      403,
      'forbidden',
    )
    expectError(
      await server.api(`${path()}/${austrian.id}`, { token: tokens.brazil, method: 'DELETE' }),
      403,
      'forbidden',
    )
    for (const role of ['chair', 'editor', 'observer']) {
      expectError(
        await server.api(path(), { token: tokens[role], body: { clauseId: ids[0], stance: 'support' } }),
        403,
        'forbidden',
      )
    }
    const stored = await server.storage.positions.get(server.negotiation.id, austrian.id)
    expect(stored?.stance).toBe('oppose')
    expect((await server.storage.positions.list(server.negotiation.id)).every((p) => p.state === 'Austria')).toBe(true)
  })

  it('validates stance and clause, naming the field', async () => {
    const bad = await server.api(path(), { token: tokens.austria, body: { clauseId: ids[0], stance: 'maybe' } })
    expectError(bad, 400, 'invalid-input')
    expect((bad.json as ErrorAnswer).error.fields).toEqual([
      { field: 'stance', message: expect.stringContaining('support') },
    ])
    const noClause = await server.api(path(), {
      token: tokens.austria,
      body: { clauseId: 'c-nope', stance: 'support' },
    })
    expectError(noClause, 400, 'invalid-input')
    expect((noClause.json as ErrorAnswer).error.fields?.[0].field).toBe('clauseId')
  })

  it('takes proposals from delegations and lets the chair or an editor mark them inserted', async () => {
    const p = `/api/negotiations/${server.negotiation.id}/proposals`
    const made = await server.api(p, {
      token: tokens.brazil,
      body: { clauseId: ids[7], target: 'shall', text: 'should endeavour to' },
    })
    expect(made.status).toBe(201)
    expect(made.json).toMatchObject({ state: 'Brazil', status: 'open', text: 'should endeavour to' })
    const proposal = made.json as Proposal
    // II.4: where its words stand when it is made, for Insert as alternative.
    expect(proposal.anchor).toEqual({
      clauseText: expect.stringMatching(/^States \[shall\]\[should\] ensure/),
      occurrence: 0,
    })
    expectError(await server.api(p, { token: tokens.editor, body: { clauseId: ids[2], text: 'x' } }), 403, 'forbidden')
    const body = { clauseId: ids[7], target: 'shall', text: 'x' }
    expectError(await server.api(p, { token: tokens.brazil, body: { ...body, occurrence: -1 } }), 400, 'invalid-input')
    // Words the clause does not read in one run get no anchor: the chair places the proposal.
    const loose = await server.api(p, { token: tokens.brazil, body: { ...body, target: 'not in the clause' } })
    expect(loose.status).toBe(201)
    expect(loose.json).not.toHaveProperty('anchor')
    await server.api(`${p}/${(loose.json as Proposal).id}/withdraw`, { token: tokens.brazil, body: {} })
    expectError(await server.api(`${p}/${proposal.id}/inserted`, { token: tokens.brazil, body: {} }), 403, 'forbidden')
    const inserted = await server.api(`${p}/${proposal.id}/inserted`, { token: tokens.editor, body: {} })
    expect((inserted.json as Proposal).status).toBe('inserted')
    expect(((await server.api(p, { token: tokens.observer })).json as Proposal[]).map((x) => x.status)).toEqual([
      'inserted',
      'withdrawn',
    ])
  })

  it('lets the chair or an editor decline a proposal with a reason, its delegation withdraw it, and both reopen', async () => {
    const p = `/api/negotiations/${server.negotiation.id}/proposals`
    const made = (await server.api(p, { token: tokens.brazil, body: { clauseId: ids[1], text: 'other words' } }))
      .json as Proposal
    const to = (change: string) => `${p}/${made.id}/${change}`
    expectError(await server.api(to('decline'), { token: tokens.editor, body: {} }), 400, 'invalid-input')
    expectError(await server.api(to('decline'), { token: tokens.brazil, body: { reason: 'x' } }), 403, 'forbidden')
    const declined = await server.api(to('decline'), { token: tokens.editor, body: { reason: 'Out of scope.' } })
    expect(declined.json).toMatchObject({ status: 'declined', reason: 'Out of scope.' })
    expectError(await server.api(to('withdraw'), { token: tokens.brazil, body: {} }), 409, 'proposal-status')
    expectError(await server.api(to('reopen'), { token: tokens.brazil, body: {} }), 403, 'forbidden')
    expect((await server.api(to('reopen'), { token: tokens.chair, body: {} })).json).toMatchObject({ status: 'open' })
    expectError(await server.api(to('withdraw'), { token: tokens.austria, body: {} }), 403, 'forbidden')
    expect((await server.api(to('withdraw'), { token: tokens.brazil, body: {} })).json).toMatchObject({
      status: 'withdrawn',
    })
    expect((await server.api(to('reopen'), { token: tokens.brazil, body: {} })).json).not.toHaveProperty('reason')
  })
})

describe('readings, history and invitations', () => {
  it('freezes readings (chair only), lists them and returns their text', async () => {
    const base = `/api/negotiations/${server.negotiation.id}/readings`
    expectError(await server.api(base, { token: tokens.editor, body: { name: 'First reading' } }), 403, 'forbidden')
    expectError(await server.api(base, { token: tokens.chair, body: { name: '' } }), 400, 'invalid-input')
    expectError(
      await server.api(base, { token: tokens.chair, body: { name: 'X', date: '3 March' } }),
      400,
      'invalid-input',
    )
    const frozen = await server.api(base, { token: tokens.chair, body: { name: 'First reading', date: '2025-03-03' } })
    expect(frozen.status).toBe(201)
    expect(frozen.json).toMatchObject({
      name: 'First reading',
      date: '2025-03-03',
      createdBy: { role: 'chair', name: 'Chair' },
    })
    const reading = frozen.json as { id: string; brackets: { pairs: number } }
    expect(reading.brackets.pairs).toBeGreaterThan(10)
    expect((await server.api(base, { token: tokens.observer })).json).toEqual([frozen.json])
    // Two readings cannot share a name, whatever the case and spacing.
    expectError(
      await server.api(base, { token: tokens.chair, body: { name: ' first  READING' } }),
      409,
      'reading-name-taken',
    )
    const full = await server.api(`${base}/${reading.id}`, { token: tokens.observer })
    expect((full.json as { doc: { type: string } }).doc.type).toBe('doc')
    const txt = await server.api(`${base}/${reading.id}?format=txt`, { token: tokens.observer })
    expect(txt.text).toMatch(/^% title: Sample negotiation/)
    expect(txt.text).toContain('% reading: First reading')
    expect(txt.text).toContain(`{#${ids[0]}}`)
    const meta = present(await server.rooms.open(`${server.negotiation.id}:meta`))
    expect(meta.currentDoc().getArray('readings').toJSON()).toEqual([frozen.json])
    expectError(await server.api(`${base}/r-nope`, { token: tokens.observer }), 404, 'not-found')
  })

  it('lets the chair rename a reading and note it, names staying unique', async () => {
    const base = `/api/negotiations/${server.negotiation.id}/readings`
    const made = await server.api(base, { token: tokens.chair, body: { name: 'Informal draft', note: 'For Friday.' } })
    expect(made.json).toMatchObject({ name: 'Informal draft', note: 'For Friday.' })
    const { id } = made.json as { id: string }
    const patch = (body: unknown, token = tokens.chair, rid = id) =>
      server.api(`${base}/${rid}`, { token, method: 'PATCH', body })
    expectError(await patch({ name: 'Mine' }, tokens.editor), 403, 'forbidden')
    expectError(await patch({ name: 'first reading' }), 409, 'reading-name-taken')
    expectError(await patch({ name: '  ' }), 400, 'invalid-input')
    expectError(await patch({ note: 'x'.repeat(2001) }), 400, 'invalid-input')
    expectError(await patch({ note: 'x' }, tokens.chair, 'r-nope'), 404, 'not-found')
    const renamed = await patch({ name: ' Informal draft (Geneva) ' })
    expect(renamed.status).toBe(200)
    expect(renamed.json).toMatchObject({ id, name: 'Informal draft (Geneva)', note: 'For Friday.' })
    // Its own name again, only the note changed: no clash with itself.
    const noted = await patch({ name: 'Informal draft (Geneva)', note: 'Basis for the second reading.' })
    expect(noted.json).toMatchObject({ name: 'Informal draft (Geneva)', note: 'Basis for the second reading.' })
    const listed = (await server.api(base, { token: tokens.observer })).json as { id: string; name: string }[]
    expect(listed.find((r) => r.id === id)).toEqual(noted.json)
    const meta = present(await server.rooms.open(`${server.negotiation.id}:meta`))
    expect(meta.currentDoc().getArray('readings').toJSON()).toEqual(listed)
    const txt = await server.api(`${base}/${id}?format=txt`, { token: tokens.observer })
    expect(txt.text).toContain('% reading: Informal draft (Geneva)')
  })

  it('lists who changed a clause and when', async () => {
    const editor = connectClient(server.wsUrl, server.negotiation.id, tokens.editor)
    clients.push(editor)
    await editor.synced()
    firstClauseText(editor.doc).insert(0, 'Edited: ')
    const url = `/api/negotiations/${server.negotiation.id}/clauses/${ids[0]}/history`
    const room = present(await server.rooms.open(server.negotiation.id))
    await until(
      () => room.currentDoc().getXmlFragment('prosemirror').toString().includes('Edited: '),
      on([[room, 'stored']]),
      'edit stored',
    )
    const history = (await server.api(url, { token: tokens.observer })).json as {
      kind: string
      author: { name: string }
    }[]
    expect(history.map((h) => [h.kind, h.author.name])).toEqual([
      ['created', 'rolling-text server'],
      ['edited', 'Editor'],
    ])
    expect(history[1]).toEqual({
      at: expect.any(String),
      author: { role: 'editor', state: null, name: 'Editor' },
      kind: 'edited',
      words: [{ op: 'insert', text: 'Edited: ' }, expect.objectContaining({ op: 'equal' })],
    })
    expectError(
      await server.api(`/api/negotiations/${server.negotiation.id}/clauses/c-nope/history`, { token: tokens.observer }),
      404,
      'not-found',
    )
  })

  it('compares a reading with the live text and two readings, as JSON and HTML', async () => {
    const base = `/api/negotiations/${server.negotiation.id}`
    const [first] = (await server.api(`${base}/readings`, { token: tokens.observer })).json as { id: string }[]
    const diff = await server.api(`${base}/diff?from=${first.id}&to=live`, { token: tokens.observer })
    expect(diff.status).toBe(200)
    const compared = diff.json as ReadingDiff
    expect(compared.alignedBy).toBe('id')
    const changed = compared.changes.filter((c) => c.type !== 'unchanged')
    expect(changed.map((c) => [c.type, c.new?.id])).toEqual([['modified', ids[0]]])
    expect(changed[0].edits).toContainEqual({ op: 'insert', text: expect.stringContaining('Edited') })

    const second = (await server.api(`${base}/readings`, { token: tokens.chair, body: { name: 'Second reading' } }))
      .json as { id: string }
    const same = await server.api(`${base}/diff?from=${first.id}&to=${second.id}`, { token: tokens.observer })
    expect((same.json as ReadingDiff).summary.modified).toBe(1)
    const html = await server.api(`${base}/diff?from=${first.id}&to=${second.id}&format=html`, {
      token: tokens.observer,
    })
    expect(html.text).toMatch(/^<!doctype html>/)
    expect(html.text).toContain('First reading → Second reading')
    expectError(await server.api(`${base}/diff?from=${first.id}`, { token: tokens.observer }), 400, 'invalid-input')
    expectError(await server.api(`${base}/diff?from=r-nope&to=live`, { token: tokens.observer }), 400, 'invalid-input')
    expectError(
      await server.api(`${base}/diff?from=live&to=live&format=pdf`, { token: tokens.observer }),
      400,
      'invalid-input',
    )
  })

  it('lets only the chair invite, and the invitation works', async () => {
    const url = `/api/negotiations/${server.negotiation.id}/invitations`
    expectError(await server.api(url, { token: tokens.editor, body: { role: 'observer' } }), 403, 'forbidden')
    expectError(await server.api(url, { token: tokens.chair, body: { role: 'delegation' } }), 400, 'invalid-input')
    expectError(await server.api(url, { token: tokens.chair, body: { role: 'king' } }), 400, 'invalid-input')
    const made = await server.api(url, { token: tokens.chair, body: { role: 'delegation', state: 'Chile' } })
    expect(made.status).toBe(201)
    const invited = made.json as { url: string; token: string }
    expect(invited.url).toBe(`${server.url}/#token=${encodeURIComponent(invited.token)}`)
    expect((await server.api('/api/me', { token: invited.token })).json).toMatchObject({
      role: 'delegation',
      state: 'Chile',
      negotiation: server.negotiation.id,
    })
  })

  it('lets only the chair list and revoke invitations; a revoked link stops working and its session closes', async () => {
    const url = `/api/negotiations/${server.negotiation.id}/invitations`
    const made = (await server.api(url, { token: tokens.chair, body: { role: 'observer', name: 'Press officer' } }))
      .json as { token: string }
    const listed = (await server.api(url, { token: tokens.chair })).json as {
      id: string
      name: string
      revokedAt: string | null
    }[]
    const mine = present(listed.find((i) => i.name === 'Press officer'))
    expect(mine).toMatchObject({
      role: 'observer',
      negotiationId: server.negotiation.id,
      createdBy: 'Chair',
      revokedAt: null,
    })
    expect(listed.every((i) => !('token' in i))).toBe(true)
    expectError(await server.api(url, { token: tokens.editor }), 403, 'forbidden')
    expectError(await server.api(`${url}/${mine.id}`, { token: tokens.editor, method: 'DELETE' }), 403, 'forbidden')
    expectError(await server.api(`${url}/nope`, { token: tokens.chair, method: 'DELETE' }), 404, 'not-found')

    const session = connectClient(server.wsUrl, server.negotiation.id, made.token)
    clients.push(session)
    await session.synced()
    const revoked = await server.api(`${url}/${mine.id}`, { token: tokens.chair, method: 'DELETE' })
    expect(revoked.status).toBe(200)
    const { revokedAt } = revoked.json as { revokedAt: string | null }
    expect(typeof revokedAt).toBe('string')
    await until(
      () => session.closes.find((c) => c.code === 4401),
      on([[session.provider, 'connection-close']]),
      'the revoked session to close',
    )
    expect(present(session.closes.find((c) => c.code === 4401)).reason).toMatch(/revoked/)
    expectError(await server.api('/api/me', { token: made.token }), 401, 'unauthorized')
    const after = (await server.api(url, { token: tokens.chair })).json as { id: string; revokedAt: string | null }[]
    expect(after.find((i) => i.id === mine.id)?.revokedAt).toBe(revokedAt)
  })

  it('will not let a chair revoke the invitation they are signed in with', async () => {
    const url = `/api/negotiations/${server.negotiation.id}/invitations`
    const listed = (await server.api(url, { token: tokens.chair })).json as { id: string; role: string }[]
    const me = (await server.api('/api/me', { token: tokens.chair })).json as { invitation: string }
    const own = present(listed.find((i) => i.id === me.invitation))
    expect(own.role).toBe('chair')
    expectError(await server.api(`${url}/${own.id}`, { token: tokens.chair, method: 'DELETE' }), 400, 'invalid-input')
    expect((await server.api('/api/me', { token: tokens.chair })).status).toBe(200)
  })
})

describe('the built client', () => {
  it('serves the page at /, its files, 404 for any other path, and never leaves the directory', async () => {
    expect((await fetch(`${server.url}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/)
    expect(await (await fetch(`${server.url}/?negotiation=x`)).text()).toContain('<title>rolling-text')
    expect((await fetch(`${server.url}/negotiations/x`)).status).toBe(404)
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404)
    expect((await fetch(`${server.url}/..%2f..%2fpackage.json`)).status).toBe(404)
  })
})
