import { present } from '../../shared/present'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DOMParser } from '@xmldom/xmldom'
import { exportDocx } from '../../server/formats/docx-export'
import type { ReadingDiff } from '../../shared/diff/types'
import { parseNotation } from '../../shared/notation/parse'
import { docxPart } from '../formats/helpers'
import { fixture } from '../builders/notation'
import { startTestServer, type TestServer } from '../harness/server'

let server: TestServer
let tokens: Record<string, string>
const root = () => `/api/negotiations/${server.negotiation.id}`
const fixtureText = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
const expected = JSON.parse(fixtureText('sample-diff-expected.json'))

beforeAll(async () => {
  server = await startTestServer({ limits: { maxUploadBytes: 1 << 20 } })
  tokens = {
    chair: await server.token('chair'),
    observer: await server.token('observer'),
    austria: await server.token('delegation', 'Austria'),
    global: await server.token('chair', null, null),
  }
})
afterAll(() => server.stop())

/** GETs a file; returns status, media type, the name it is saved as, and the bytes. */
async function download(path: string, token = tokens.observer) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
  const disposition = res.headers.get('content-disposition') ?? ''
  const filename = decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '')
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    filename,
    bytes: new Uint8Array(await res.arrayBuffer()),
  }
}

/** What these tests read from an upload's answer: the reading or negotiation made, or the error. */
type UploadAnswer = { id: string; name: string; date: string; title: string; error: { code: string; message: string } }

/** POSTs a file as the raw body; returns status and the JSON answer. */
async function upload(path: string, body: Buffer | string, token = tokens.chair) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
  })
  return { status: res.status, json: (await res.json()) as UploadAnswer }
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
const readingCount = async () =>
  ((await server.api(`${root()}/readings`, { token: tokens.chair })).json as unknown[]).length

describe('downloads of the live text and of readings', () => {
  it('gives the live text in the notation, with clause ids, as a named file', async () => {
    const file = await download(`${root()}/export?format=txt`)
    expect(file.status).toBe(200)
    expect(file.type).toBe('text/plain; charset=utf-8')
    expect(file.filename).toBe(`${server.negotiation.title} - live text.txt`)
    const parsed = parseNotation(text(file.bytes))
    expect(parsed.ok).toBe(true)
    if (parsed.ok)
      parsed.doc.descendants((n) => {
        if (n.type.name === 'clause') expect(n.attrs.id).toMatch(/^c-/)
      })
  })

  it('gives Word, Akoma Ntoso and printable HTML', async () => {
    const live = parseNotation(text((await download(`${root()}/export?format=txt`)).bytes))
    const firstClause = live.ok ? present(live.doc.firstChild).child(1).textContent.slice(0, 30) : ''
    const docx = await download(`${root()}/export?format=docx`)
    expect(docx.type).toMatch(/wordprocessingml/)
    expect(await docxPart(docx.bytes)).toContain(firstClause.split(' ')[0])
    const akn = await download(`${root()}/export?format=akn`)
    const xml = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message)
      },
    }).parseFromString(text(akn.bytes), 'text/xml')
    expect(present(xml.documentElement).localName).toBe('akomaNtoso')
    expect(akn.filename).toMatch(/\.xml$/)
    expect(text((await download(`${root()}/export?format=html`)).bytes)).toMatch(/^<!doctype html>/i)
  })

  it('adds a positions annex on request', async () => {
    const live = parseNotation(text((await download(`${root()}/export?format=txt`)).bytes))
    const id = live.ok ? present(live.doc.firstChild).child(1).attrs.id : ''
    const made = await server.api(`${root()}/positions`, {
      token: tokens.austria,
      body: { clauseId: id, stance: 'oppose', comment: 'Delete the qualifier.' },
    })
    expect(made.status).toBe(201)
    const html = text((await download(`${root()}/export?format=html&annex=positions`)).bytes)
    expect(html).toContain('Austria')
    expect(html).toContain('Delete the qualifier.')
    expect(text((await download(`${root()}/export?format=html`)).bytes)).not.toContain('Delete the qualifier.')
  })

  it('gives a frozen reading by id', async () => {
    const reading = await server.api(`${root()}/readings`, {
      token: tokens.chair,
      body: { name: 'First reading', date: '2025-03-03' },
    })
    const file = await download(`${root()}/export?format=txt&reading=${(reading.json as { id: string }).id}`)
    expect(text(file.bytes)).toContain('% reading: First reading')
    expect(file.filename).toBe(`${server.negotiation.title} - First reading.txt`)
  })

  it('refuses a bad format, an unknown reading and a missing token', async () => {
    expect((await download(`${root()}/export?format=pdf`)).status).toBe(400)
    expect((await download(`${root()}/export?format=txt&reading=r-nope`)).status).toBe(400)
    expect((await download(`${root()}/export?format=txt`, '')).status).toBe(401)
  })
})

describe('readings uploaded from outside', () => {
  it('compares two uploaded versions, Word and text, exactly as a file comparison does', async () => {
    const first = parseNotation(fixtureText('sample-reading-1.txt'))
    if (!first.ok) throw new Error('fixture')
    const a = await upload(`${root()}/readings/import?filename=reading-1.docx`, await exportDocx(first.doc))
    expect(a.status).toBe(201)
    // The file calls itself "First reading", as a reading frozen above already is: it is told apart.
    expect(a.json).toMatchObject({ name: 'First reading (2)', date: '2025-03-03', warnings: [] })
    const b = await upload(
      `${root()}/readings/import?filename=reading-2.txt&name=Revised`,
      fixtureText('sample-reading-2.txt'),
    )
    expect(b.json).toMatchObject({ name: 'Revised', date: '2025-09-01' })
    const diff = await server.api(`${root()}/diff?from=${a.json.id}&to=${b.json.id}`, { token: tokens.observer })
    const { sections: _s, ...summary } = (diff.json as ReadingDiff).summary
    expect(summary).toEqual(expected.summary)
    const redline = await download(`${root()}/diff?from=${a.json.id}&to=${b.json.id}&format=docx`)
    expect(redline.filename).toMatch(/First reading \(2\) → Revised\.docx$/)
    const xml = await docxPart(redline.bytes)
    expect(xml).toContain('<w:ins ')
    expect(xml).toMatch(/<w:del [^>]*>.*meaningful human control/s)
  })

  it('names a reading after its file when the file does not say', async () => {
    const made = await upload(
      `${root()}/readings/import?filename=Chair%27s%20draft.txt`,
      '# I. T\n1. States shall act.\n',
    )
    expect(made.status).toBe(201)
    expect(made.json.name).toBe("Chair's draft")
    expect(made.json.date).toBe(new Date().toISOString().slice(0, 10))
  })

  it('refuses what it cannot read, with the reason, and stores nothing', async () => {
    const before = await readingCount()
    const broken = await upload(`${root()}/readings/import?filename=x.docx`, 'not a zip file at all')
    expect(broken.status).toBe(400)
    expect(broken.json.error.code).toBe('unreadable-file')
    expect(broken.json.error.message).toMatch(/^x\.docx: /)
    const unbalanced = await upload(`${root()}/readings/import?filename=x.txt`, '# I. T\n1. a [b\n')
    expect(unbalanced.status).toBe(400)
    expect((await upload(`${root()}/readings/import?filename=x.pdf`, 'x')).status).toBe(415)
    expect((await upload(`${root()}/readings/import`, 'x')).status).toBe(400)
    expect((await upload(`${root()}/readings/import?filename=big.txt`, 'x'.repeat((1 << 20) + 1))).status).toBe(413)
    expect(await readingCount()).toBe(before)
  })

  it('lets only the chair add one', async () => {
    const before = await readingCount()
    const refused = await upload(
      `${root()}/readings/import?filename=r.txt`,
      fixtureText('sample-reading-1.txt'),
      tokens.austria,
    )
    expect(refused.status).toBe(403)
    expect(await readingCount()).toBe(before)
  })
})

describe('a negotiation started from a file', () => {
  it('takes a Word file, titled as the document calls itself, with ids for every clause', async () => {
    const created = await upload(
      `/api/negotiations?filename=text.docx`,
      await exportDocx(fixture('sample-reading-1.txt')),
      tokens.global,
    )
    expect(created.status).toBe(201)
    expect(created.json.title).toMatch(/^Sample rolling text/)
    const txt = text((await download(`/api/negotiations/${created.json.id}/export?format=txt`, tokens.global)).bytes)
    const parsed = parseNotation(txt)
    expect(parsed.ok && parsed.doc.childCount).toBe(5)
    expect(txt.match(/\{#c-/g)?.length).toBe(24)
  })

  it('is for a chair invited to every negotiation only', async () => {
    expect((await upload(`/api/negotiations?filename=t.txt`, '# I. T\n1. a\n', tokens.chair)).status).toBe(403)
  })
})
