import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../../server/core/close-codes'
import { connectClient, textOf, type Client } from '../../harness/clients'
import { on, until } from '../../harness/events'
import { startTestServer, type TestServer } from '../../harness/server'

// Issue 15, point 7: the structure check validates every attribute and every
// child type against the schema, and refuses with 4400 naming the rule.

let server: TestServer
const clients: Client[] = []
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server.stop()
})

const sections = (doc: Y.Doc) => doc.getXmlFragment('prosemirror').toArray() as Y.XmlElement[]
const clauses = (doc: Y.Doc) =>
  sections(doc).flatMap((s) => s.toArray().filter((c) => (c as Y.XmlElement).nodeName === 'clause')) as Y.XmlElement[]
const stored = async () => (await server.storage.documents.load(server.negotiation.id)).updates.length

async function editor(): Promise<Client> {
  const c = connectClient(server.wsUrl, server.negotiation.id, await server.token('editor'))
  clients.push(c)
  await c.synced()
  return c
}

/** Makes `change` from a real y-websocket editor; returns how it was closed. */
async function refused(change: (doc: Y.Doc) => void): Promise<{ code: number; reason: string }> {
  const c = await editor()
  const before = await stored()
  c.doc.transact(() => change(c.doc))
  await until(() => c.closes.length > 0, on([[c.provider, 'connection-close']]), 'the refusal')
  expect(c.provider.shouldConnect, 'a 44xx close is final').toBe(false)
  expect(await stored(), 'nothing refused is stored').toBe(before)
  return c.closes[0]
}

const withAttr = (name: string, value: unknown) => (doc: Y.Doc) => clauses(doc)[0].setAttribute(name, value as string)

describe('the structure check (every attribute, every child)', () => {
  const attributeCases: [string, (doc: Y.Doc) => void, string][] = [
    ['level 99', withAttr('level', 99), 'clause.level'],
    ['level -1', withAttr('level', -1), 'clause.level'],
    ['level "x"', withAttr('level', 'x'), 'clause.level'],
    ['status "evil"', withAttr('status', 'evil'), 'clause.status'],
    ['an id that is an object', withAttr('id', { x: 1 }), 'clause.id'],
    ['an id that is null', withAttr('id', null), 'clause.id.required'],
    ['a label of 100,000 characters', withAttr('label', 'x'.repeat(100_000)), 'clause.label'],
    ['an onclick attribute', withAttr('onclick', 'alert(1)'), 'attribute.unknown'],
    ['a numeral that is a number', (doc) => sections(doc)[0].setAttribute('numeral', 7 as never), 'section.numeral'],
    [
      'a duplicated clause id',
      (doc) => clauses(doc)[1].setAttribute('id', clauses(doc)[0].getAttribute('id') as string),
      'clause.id.unique',
    ],
    ['a span count of 33', withAttr('spanOpen', 33), 'clause.spanOpen'],
    ['a span count of 1.5', withAttr('spanClose', 1.5), 'clause.spanClose'],
    ['a span count that is text', withAttr('spanOpen', '1'), 'clause.spanOpen'],
    // Issue 11, point 5: brackets spanning paragraphs pair within a section.
    ['a span that never closes', withAttr('spanOpen', 1), 'clause.span.balance'],
    [
      'a span closing before it opens',
      (doc) => {
        clauses(doc)[0].setAttribute('spanClose', 1 as never)
        clauses(doc)[1].setAttribute('spanOpen', 1 as never)
      },
      'clause.span.balance',
    ],
    [
      'a span across two sections',
      (doc) => {
        clauses(doc)[0].setAttribute('spanOpen', 1 as never)
        const next = sections(doc)[1]
          .toArray()
          .find((c) => (c as Y.XmlElement).nodeName === 'clause') as Y.XmlElement
        next.setAttribute('spanClose', 1 as never)
      },
      'clause.span.balance',
    ],
    [
      'spans nesting 33 deep',
      (doc) => {
        clauses(doc)[0].setAttribute('spanOpen', 32 as never)
        clauses(doc)[1].setAttribute('spanClose', 32 as never)
        const group = new Y.XmlElement('bracket_group')
        const option = new Y.XmlElement('option')
        option.insert(0, [new Y.XmlText('x')])
        group.insert(0, [option])
        clauses(doc)[1].insert(0, [group])
      },
      'brackets.depth',
    ],
    [
      'an attribute on a text',
      (doc) => (clauses(doc)[0].get(0) as Y.XmlText).setAttribute('style', 'x'),
      'text.attributes',
    ],
  ]
  for (const [what, change, rule] of attributeCases) {
    it(`refuses ${what} with 4400 naming [${rule}]`, async () => {
      const close = await refused(change)
      expect(close.code).toBe(CloseCode.malformed)
      expect(close.reason).toContain(`[${rule}]`)
    })
  }

  const children: [string, () => unknown[]][] = [
    ['a number', () => [42]],
    ['a string', () => ['text']],
    ['a Y.Map', () => [new Y.Map()]],
    ['a Y.XmlHook', () => [new Y.XmlHook('hook')]],
    ['a Y.Text', () => [new Y.Text('x')]],
    ['a subdocument', () => [new Y.Doc()]],
  ]
  for (const [what, make] of children) {
    for (const where of ['section', 'clause'] as const) {
      it(`refuses ${what} as a child of a ${where} with [child.type]`, async () => {
        const close = await refused((doc) => {
          const parent = where === 'section' ? sections(doc)[0] : clauses(doc)[0]
          parent.insert(parent.length, make() as never)
        })
        expect(close.code).toBe(CloseCode.malformed)
        expect(close.reason).toContain('[child.type]')
      })
    }
  }

  it('takes a span over two clauses, set in one change', async () => {
    const c = await editor()
    c.doc.transact(() => {
      clauses(c.doc)[0].setAttribute('spanOpen', 1 as never)
      clauses(c.doc)[1].setAttribute('spanClose', 1 as never)
    })
    const room = server.rooms.get(server.negotiation.id)
    if (!room) throw new Error('the room is not loaded')
    const spanned = () => clauses(room.currentDoc())[0]?.getAttribute('spanOpen') === (1 as never)
    await until(spanned, on([[room, 'stored']]), 'the span')
    expect(c.closes).toEqual([])
    c.doc.transact(() => {
      clauses(c.doc)[0].setAttribute('spanOpen', 0 as never)
      clauses(c.doc)[1].setAttribute('spanClose', 0 as never)
    })
    await until(() => !spanned(), on([[room, 'stored']]), 'the span accepted')
  })

  it('still takes a well-formed structural edit: a new clause with its own id', async () => {
    const c = await editor()
    const clause = new Y.XmlElement('clause')
    clause.setAttribute('id', 'c-hardening1')
    clause.setAttribute('level', 2 as never)
    clause.insert(0, [new Y.XmlText('A new sub-paragraph.')])
    sections(c.doc)[0].insert(2, [clause])
    const room = server.rooms.get(server.negotiation.id)
    if (!room) throw new Error('the room is not loaded')
    await until(() => textOf(room.currentDoc()).includes('A new sub-paragraph.'), on([[room, 'stored']]), 'the clause')
    expect(c.closes).toEqual([])
  })
})
