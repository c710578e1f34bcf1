import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import JSZip from 'jszip'
import type { ReadingHistory } from '../../shared/diff/history'
import { startTestServer, type TestServer } from '../harness/server'
import { createNegotiation } from '../../server/negotiations/create'
import { fixture } from '../builders/notation'

/** The API across readings: the history of every clause (JSON, HTML,
 *  Word), on a negotiation whose readings are the history fixtures. */
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
