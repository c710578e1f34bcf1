import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { present } from '../../shared/present'
import type { MatrixAsOf } from '../../shared/positions/as-of'
import { clauseIds } from '../../server/negotiations/clauses'
import { connectClient, firstClauseText } from '../harness/clients'
import { on, until } from '../harness/events'
import { readFileSync } from 'node:fs'
import JSZip from 'jszip'
import type { ReadingHistory } from '../../shared/diff/history'
import { startTestServer, type TestServer } from '../harness/server'
import { createNegotiation, sampleDocument } from '../../server/negotiations/create'
import { fixture } from '../builders/notation'

/** The API across readings: the history of every clause (JSON, HTML,
 *  Word), on a negotiation whose readings are the history fixtures; the
 *  positions matrix as of any reading, on the sample text. */
let server: TestServer
let base: string
let chair: string
let observer: string

beforeAll(async () => {
  server = await startTestServer()
  const negotiation = await createNegotiation(server.storage, 'History', fixture('history/reading-1.txt'))
  base = `/api/negotiations/${negotiation.id}`
  chair = await server.token('chair', null, negotiation.id)
  observer = await server.token('observer', null, negotiation.id)
  for (const [k, name] of ['First reading', 'Second reading', 'Third reading'].entries()) {
    const bytes = readFileSync(`tests/fixtures/history/reading-${k + 1}.txt`)
    const res = await fetch(
      `${server.url}${base}/readings/import?filename=reading-${k + 1}.txt&name=${encodeURIComponent(name)}`,
      { method: 'POST', headers: { authorization: `Bearer ${chair}` }, body: bytes },
    )
    expect(res.status).toBe(201)
  }
})
afterAll(() => server.stop())

type ErrorAnswer = { error: { code: string; message: string } }

describe('GET /api/negotiations/:id/history', () => {
  it('D14: every clause across the frozen readings, oldest first, as JSON; one clause with ?clause=', async () => {
    const res = await server.api(`${base}/history`, { token: observer })
    expect(res.status).toBe(200)
    const history = res.json as ReadingHistory
    expect(history.readings).toEqual(['First reading', 'Second reading', 'Third reading'])
    expect(history.burnDown.total).toEqual([6, 2, 0])
    const one = (await server.api(`${base}/history?clause=II.2`, { token: observer })).json as ReadingHistory
    expect(one.clauses).toHaveLength(1)
    expect(one.clauses[0].steps.map((s) => s.type)).toEqual(['modified', 'modified'])
  })

  it('D14: as a Word file (burn-down table, timelines) and an HTML page', async () => {
    const res = await fetch(`${server.url}${base}/history?format=docx`, {
      headers: { authorization: `Bearer ${observer}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    )
    expect(res.headers.get('content-disposition')).toContain('History%20-%20history.docx')
    const zip = await JSZip.loadAsync(await res.arrayBuffer())
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? ''
    expect(xml).toContain('Brackets left')
    expect(xml).toContain('Whole text')
    const html = await server.api(`${base}/history?format=html`, { token: observer })
    expect(html.text).toMatch(/^<!doctype html>/)
    expect(html.text).toContain('<svg')
  })

  it('a bad format, an unknown clause and a negotiation without readings are clear errors', async () => {
    const bad = await server.api(`${base}/history?format=pdf`, { token: observer })
    expect(bad.status).toBe(400)
    expect((bad.json as ErrorAnswer).error.code).toBe('invalid-input')
    const missing = await server.api(`${base}/history?clause=IX.9`, { token: observer })
    expect(missing.status).toBe(404)
    expect((missing.json as ErrorAnswer).error.message).toContain('IX.9')
    const empty = await server.api(`/api/negotiations/${server.negotiation.id}/history`, {
      token: await server.token('observer'),
    })
    expect(empty.status).toBe(409)
    expect((empty.json as ErrorAnswer).error.code).toBe('no-readings')
  })
})

describe('GET /api/negotiations/:id/matrix?reading=', () => {
  it('as of a reading: its clause texts, the positions recorded up to it, stale marks naming the reading', async () => {
    const { title, doc } = sampleDocument()
    const { id } = await createNegotiation(server.storage, title, doc)
    const at = `/api/negotiations/${id}`
    const token = (role: 'chair' | 'editor' | 'observer') => server.token(role, null, id)
    const state = (name: string) => server.token('delegation', name, id)
    const room = present(await server.rooms.open(id))
    await room.ready
    const [first] = clauseIds(room.currentDoc().getXmlFragment('prosemirror'))
    const record = async (who: string, body: Record<string, unknown>) => {
      const res = await server.api(`${at}/positions`, { token: await state(who), body: { clauseId: first, ...body } })
      expect(res.status).toBe(201)
      return (res.json as { id: string }).id
    }
    const freeze = async (name: string) =>
      (await server.api(`${at}/readings`, { token: await token('chair'), body: { name } })).json as { id: string }

    const onLive = await record('Austria', { stance: 'oppose' })
    const r1 = await freeze('First reading')
    const onR1 = await record('Brazil', { stance: 'support', reading: r1.id })
    const editor = connectClient(server.wsUrl, id, await token('editor'))
    await editor.synced()
    firstClauseText(editor.doc).insert(0, 'Edited: ')
    await until(
      () => room.currentDoc().getXmlFragment('prosemirror').toString().includes('Edited: '),
      on([[room, 'stored']]),
      'edit stored',
    )
    editor.destroy()
    const r2 = await freeze('Second reading')
    const later = await record('China', { stance: 'reservation' })

    const matrix = async (reading: string) =>
      (await server.api(`${at}/matrix?reading=${reading}`, { token: await token('observer') })).json as MatrixAsOf
    const asOf1 = await matrix(r1.id)
    expect(asOf1.reading).toMatchObject({ id: r1.id, name: 'First reading' })
    expect(asOf1.clauses[0]).toMatchObject({ id: first, key: 'I.1' })
    expect(asOf1.clauses[0].text).not.toContain('Edited')
    expect(asOf1.positions.map((p) => [p.id, p.changedSince])).toEqual([
      [onLive, false],
      [onR1, false],
    ])
    const asOf2 = await matrix(r2.id)
    expect(asOf2.clauses[0].text).toMatch(/^Edited: /)
    expect(Object.fromEntries(asOf2.positions.map((p) => [p.id, p.note]))).toEqual({
      [onLive]: 'recorded on the live text; the clause had changed by Second reading',
      [onR1]: 'recorded on First reading; the clause had changed by Second reading',
    })
    const live = await matrix('live')
    expect(live.reading).toBeNull()
    expect(Object.fromEntries(live.positions.map((p) => [p.id, p.note]))).toEqual({
      [onLive]: 'recorded on the live text; the clause has changed since',
      [onR1]: 'recorded on First reading; the clause has changed since',
      [later]: null,
    })
    // A stance changed and a position withdrawn after the second reading:
    // the first reading's matrix shows them as they stood until the second
    // was frozen; the latest reading's, as they stand.
    const stance = async (pid: string, value: string) => {
      const res = await server.api(`${at}/positions/${pid}`, {
        method: 'PUT',
        token: await state('Austria'),
        body: { clauseId: first, stance: value },
      })
      expect(res.status).toBe(200)
    }
    const stances = (m: MatrixAsOf) => Object.fromEntries(m.positions.map((p) => [p.id, p.stance]))
    await stance(onLive, 'support')
    const withdrawn = await server.api(`${at}/positions/${onR1}`, { method: 'DELETE', token: await state('Brazil') })
    expect(withdrawn.status).toBeLessThan(300)
    expect(stances(await matrix(r1.id))).toEqual({ [onLive]: 'oppose', [onR1]: 'support' })
    expect(stances(await matrix(r2.id))).toEqual({ [onLive]: 'support' })
    const r3 = await freeze('Third reading')
    await stance(onLive, 'reservation')
    expect(stances(await matrix(r2.id))).toEqual({ [onLive]: 'support' })
    expect(stances(await matrix(r3.id))).toEqual({ [onLive]: 'reservation', [later]: 'reservation' })
    const bad = await server.api(`${at}/matrix?reading=r-nope`, { token: await token('observer') })
    expect(bad.status).toBe(400)
    expect((bad.json as ErrorAnswer).error.message).toContain("no reading 'r-nope'")
  })
})
