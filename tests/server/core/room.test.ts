import * as decoding from 'lib0/decoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Identity } from '../../../server/auth/identity'
import { clauseIds, trackClauses } from '../../../server/negotiations/clauses'
import { CloseCode } from '../../../server/core/close-codes'
import { Room, serverAuthor, type RoomMember, type RoomOptions } from '../../../server/core/room'
import { checkTextStructure } from '../../../server/negotiations/structure'
import { defaultLimits } from '../../../server/limits'
import { silentLog } from '../../../server/log'
import { sampleDocument } from '../../../server/negotiations/create'
import { withClauseIds } from '../../../shared/schema/ids'
import { textUpdateFromDoc } from '../../../server/negotiations/text'
import { openSqliteStorage } from '../../../server/storage/sqlite'
import type { Author, DocumentStore, Storage } from '../../../server/storage/types'
import { firstClauseText } from '../../harness/clients'
import { until, Wakeups } from '../../harness/events'

const editor: Author = { role: 'editor', state: null, name: 'Editor', tokenId: 't' }
const stores: Storage[] = []
const rooms: Room[] = []
afterEach(async () => {
  for (const r of rooms.splice(0)) await r.close()
  for (const s of stores.splice(0)) await s.close()
})

class Member implements RoomMember {
  frames: Uint8Array[] = []
  closes: [number, string][] = []
  private readonly arrived = new Wakeups()
  send(f: Uint8Array) {
    this.frames.push(f)
    this.arrived.notify()
  }
  close(code: number, reason: string) {
    this.closes.push([code, reason])
  }
  /** Resolves once `n` frames have arrived. */
  received(n: number) {
    return until(() => this.frames.length >= n, this.arrived.subscribe, `${n} frames`)
  }
}

/** A document store whose append is replaced. */
function withAppend(d: DocumentStore, append: DocumentStore['append']): DocumentStore {
  return {
    load: (n) => d.load(n),
    append,
    saveSnapshot: (n, s, q) => d.saveSnapshot(n, s, q),
    foldLog: (n, a, t, u) => d.foldLog(n, a, t, u),
    countSince: (n, q) => d.countSince(n, q),
    clauseHistory: (n, c) => d.clauseHistory(n, c),
  }
}

async function textRoom(
  opts: {
    documents?: (d: DocumentStore) => DocumentStore
    limits?: Partial<typeof defaultLimits>
    validate?: RoomOptions['validate']
  } = {},
) {
  const storage = openSqliteStorage(':memory:')
  stores.push(storage)
  await storage.documents.append('n', {
    update: textUpdateFromDoc(withClauseIds(sampleDocument().doc)),
    author: serverAuthor,
    at: 't',
    clauses: [],
  })
  const documents = opts.documents ? opts.documents(storage.documents) : storage.documents
  const options: RoomOptions = {
    name: 'n',
    documents,
    writableRoot: 'prosemirror',
    track: trackClauses,
    limits: { ...defaultLimits, ...opts.limits },
    log: silentLog,
    ...(opts.validate && { validate: opts.validate }),
  }
  const room = new Room(options)
  rooms.push(room)
  await room.ready
  return { room, storage, options }
}

/** An edit made on a copy of the room's document. */
function edit(room: Room, change: (doc: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.currentDoc()))
  const before = Y.encodeStateVector(copy)
  change(copy)
  return Y.encodeStateAsUpdate(copy, before)
}

const text = (room: Room) => room.currentDoc().getXmlFragment('prosemirror').toString()
const logLength = async (s: Storage) => (await s.documents.load('n')).updates.length

describe('room: store before relay', () => {
  it('C6, W1: relays and applies an update only after the store has it', async () => {
    let release: () => void = () => {}
    const { room } = await textRoom({
      documents: (d) =>
        withAppend(d, async (name, entry) => {
          await new Promise<void>((r) => {
            release = r
          })
          return d.append(name, entry)
        }),
    })
    const [from, other] = [new Member(), new Member()]
    room.join(from)
    room.join(other)
    const before = text(room)
    const result = room.submit(
      edit(room, (d) => firstClauseText(d).insert(0, 'New ')),
      from,
      editor,
    )
    expect(result.ok).toBe(true)
    expect(other.frames).toEqual([])
    expect(text(room)).toBe(before)
    release()
    await (result as { stored: Promise<void> }).stored
    expect(text(room)).toContain('New ')
    expect(other.frames).toHaveLength(1)
    expect(from.frames).toEqual([])
  })

  it('C7: relays updates stored in one batch as one frame per member', async () => {
    const { room } = await textRoom()
    const [a, b, watcher] = [new Member(), new Member(), new Member()]
    for (const m of [a, b, watcher]) room.join(m)
    const first = room.submit(
      edit(room, (d) => firstClauseText(d).insert(0, 'One ')),
      a,
      editor,
    )
    const second = room.submit(
      edit(room, (d) => firstClauseText(d, 1).insert(0, 'Two ')),
      b,
      editor,
    )
    await Promise.all([first, second].map((r) => (r as { stored: Promise<void> }).stored))
    expect(watcher.frames).toHaveLength(1)
    const d = decoding.createDecoder(watcher.frames[0])
    expect([decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([0, 2])
    const merged = decoding.readVarUint8Array(d)
    const meta = Y.parseUpdateMeta(merged)
    expect(meta.to.size).toBe(2)
  })

  it('C6: stores nothing for an update that brings nothing new', async () => {
    const { room, storage } = await textRoom()
    const n = await logLength(storage)
    const result = room.submit(Y.encodeStateAsUpdate(room.currentDoc()), new Member(), editor)
    expect(result).toEqual({ ok: true, stored: null })
    expect(await logLength(storage)).toBe(n)
  })
})

describe('room: refusals leave no trace', () => {
  // Valid structs followed by a delete set that ends early: Yjs integrates
  // the structs, then throws; the live document must never see them.
  const halfApplying = (room: Room) => {
    const update = edit(room, (d) => firstClauseText(d).insert(0, 'HALF '))
    const bytes = [...update]
    bytes[bytes.length - 1] = 5
    return new Uint8Array(bytes)
  }

  const cases: [string, (room: Room) => Uint8Array, number][] = [
    ['random bytes', () => new Uint8Array([7, 200, 13, 99, 1]), CloseCode.malformed],
    ['a half-applying update', halfApplying, CloseCode.malformed],
    ['an update outside the text', (room) => edit(room, (d) => d.getMap('evil').set('x', 1)), CloseCode.malformed],
    [
      'an update with missing dependencies',
      (room) => {
        const copy = new Y.Doc()
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.currentDoc()))
        firstClauseText(copy).insert(0, 'first ')
        const sv = Y.encodeStateVector(copy)
        firstClauseText(copy).insert(0, 'second ')
        return Y.encodeStateAsUpdate(copy, sv)
      },
      CloseCode.malformed,
    ],
  ]
  for (const [what, make, code] of cases) {
    it(`C5: refuses ${what}; the document, the log and later edits are unaffected`, async () => {
      const { room, storage } = await textRoom()
      const member = new Member()
      room.join(member)
      const before = Y.encodeStateAsUpdate(room.currentDoc())
      const n = await logLength(storage)
      const result = room.submit(make(room), member, editor)
      expect(result.ok).toBe(false)
      expect(!result.ok && result.error.code).toBe(code)
      expect(Y.encodeStateAsUpdate(room.currentDoc())).toEqual(before)
      expect(await logLength(storage)).toBe(n)
      const good = room.submit(
        edit(room, (d) => firstClauseText(d).insert(0, 'Good ')),
        member,
        editor,
      )
      await (good as { stored: Promise<void> }).stored
      expect(text(room)).toContain('Good ')
      expect(text(room)).not.toContain('HALF')
      expect(room.currentDoc().share.has('evil')).toBe(false)
    })
  }

  it('C5: refuses an update that would grow the document past the limit with 4413', async () => {
    const { room } = await textRoom({ limits: { maxDocumentBytes: 20_000 } })
    const result = room.submit(
      edit(room, (d) => firstClauseText(d).insert(0, 'x'.repeat(30_000))),
      new Member(),
      editor,
    )
    expect(!result.ok && result.error.code).toBe(CloseCode.tooLarge)
  })
})

describe('room: the text keeps its structure (the negotiations hook)', () => {
  const sections = (d: Y.Doc) => d.getXmlFragment('prosemirror')
  const firstSection = (d: Y.Doc) => sections(d).get(0) as Y.XmlElement
  const firstClause = (d: Y.Doc) => firstSection(d).get(1) as Y.XmlElement
  let ids = 0
  const element = (name: string, text = '') => {
    const el = new Y.XmlElement(name)
    // Every clause of the live text has an id.
    if (name === 'clause') el.setAttribute('id', `c-room${++ids}`)
    if (text) el.insert(0, [new Y.XmlText(text)])
    return el
  }

  const broken: [string, (d: Y.Doc) => void][] = [
    ['a clause inside a clause', (d) => firstClause(d).insert(0, [element('clause', 'nested')])],
    ['bold text (a mark the schema lacks)', (d) => firstClauseText(d).format(0, 3, { strong: true })],
    ['an object embedded in the text', (d) => firstClauseText(d).insertEmbed(2, { image: 'x.png' })],
    ['a clause at the top of the text', (d) => sections(d).insert(0, [element('clause', 'loose')])],
    ['a section without its title', (d) => firstSection(d).delete(0, 1)],
    ['an empty bracket group', (d) => firstClause(d).insert(0, [element('bracket_group')])],
    ['deleting every section', (d) => sections(d).delete(0, sections(d).length)],
  ]
  for (const [what, change] of broken) {
    it(`C5: refuses ${what}, leaving no trace`, async () => {
      const { room, storage } = await textRoom({ validate: checkTextStructure })
      const before = Y.encodeStateAsUpdate(room.currentDoc())
      const n = await logLength(storage)
      const result = room.submit(edit(room, change), new Member(), editor)
      expect(!result.ok && result.error.code).toBe(CloseCode.malformed)
      expect(!result.ok && result.error.message).toMatch(/^the update breaks the structure of the text/)
      expect(Y.encodeStateAsUpdate(room.currentDoc())).toEqual(before)
      expect(await logLength(storage)).toBe(n)
    })
  }

  it('C5: accepts typing, new clauses, brackets and new sections', async () => {
    const { room } = await textRoom({ validate: checkTextStructure })
    const accept = async (change: (d: Y.Doc) => void) => {
      const result = room.submit(edit(room, change), new Member(), editor)
      expect(result.ok).toBe(true)
      await (result as { stored: Promise<void> }).stored
    }
    await accept((d) => firstClauseText(d).insert(0, 'Typed '))
    await accept((d) => firstSection(d).insert(2, [element('clause', 'A new clause')]))
    const group = element('bracket_group')
    group.insert(0, [element('option', 'shall'), element('option', 'should')])
    await accept((d) => firstClause(d).insert(1, [group]))
    const section = element('section')
    section.insert(0, [element('section_title', 'VI. New'), element('clause', 'First of six')])
    await accept((d) => sections(d).insert(sections(d).length, [section]))
    expect(text(room)).toContain('Typed ')
    expect(text(room)).toContain('First of six')
  })
})

describe('room: clause history', () => {
  it('C6: records created, edited and deleted clauses with their author', async () => {
    const { room, storage } = await textRoom()
    const ids = clauseIds(room.currentDoc().getXmlFragment('prosemirror'))
    const member = new Member()
    const submit = (u: Uint8Array) => (room.submit(u, member, editor) as { stored: Promise<void> }).stored
    await submit(edit(room, (d) => firstClauseText(d, 1).insert(0, 'Edited ')))
    await submit(
      edit(room, (d) => {
        const section = d.getXmlFragment('prosemirror').get(0) as Y.XmlElement
        const clause = new Y.XmlElement('clause')
        clause.setAttribute('id', 'c-new')
        clause.insert(0, [new Y.XmlText('A new clause.')])
        section.insert(1, [clause])
      }),
    )
    // Deleting one clause (children of section I: title, c-new, then the seeded clauses).
    await submit(edit(room, (d) => (d.getXmlFragment('prosemirror').get(0) as Y.XmlElement).delete(3, 1)))
    expect((await storage.documents.clauseHistory('n', ids[1])).map((h) => h.kind)).toEqual(['edited', 'deleted'])
    expect(await storage.documents.clauseHistory('n', ids[0])).toEqual([])
    // Deleting a whole section deletes its clauses.
    const fifth = clauseIds(room.currentDoc().getXmlFragment('prosemirror')).slice(-3)
    await submit(edit(room, (d) => d.getXmlFragment('prosemirror').delete(4, 1)))
    for (const id of fifth)
      expect((await storage.documents.clauseHistory('n', id)).map((h) => h.kind)).toEqual(['deleted'])
  })
})

describe('room: presence', () => {
  const who = (name: string): Identity => ({
    tokenId: name,
    role: 'delegation',
    state: 'Peru',
    negotiation: null,
    name,
  })
  const entry = (clientID: number, clock: number, state: Record<string, unknown> | null) => ({ clientID, clock, state })
  const at = (n: number) => ({ anchor: { tname: 'prosemirror', assoc: n }, head: { tname: 'prosemirror', assoc: n } })

  it('P1, P2: stamps the token identity and keeps others from posing as a taken client id', async () => {
    const { room } = await textRoom({ limits: { awarenessIntervalMs: 5 } })
    const [a, b] = [new Member(), new Member()]
    room.join(a)
    room.join(b)
    room.presence.apply(a, who('Peru'), [
      entry(11, 1, { user: { name: 'The Chair', role: 'chair', color: '#112233' }, cursor: at(5) }),
    ])
    room.presence.apply(b, who('Mallory'), [entry(11, 2, { user: { name: 'Peru' } })])
    expect(room.presence.awareness.getStates().get(11)).toEqual({
      user: { name: 'Peru', role: 'delegation', state: 'Peru', color: '#112233' },
      cursor: at(5),
    })
    await b.received(1)
    const d = decoding.createDecoder(b.frames[0])
    expect(decoding.readVarUint(d)).toBe(1)
  })

  it('P4: relays a burst of presence changes as one frame per interval', async () => {
    const { room } = await textRoom({ limits: { awarenessIntervalMs: 20 } })
    const [a, watcher] = [new Member(), new Member()]
    room.join(a)
    room.join(watcher)
    for (let clock = 1; clock <= 30; clock++)
      room.presence.apply(a, who('Peru'), [entry(21, clock, { cursor: at(clock) })])
    expect(watcher.frames).toHaveLength(0)
    await watcher.received(1)
    expect(watcher.frames).toHaveLength(1)
  })

  it("P4: removes a member's presence when it leaves", async () => {
    const { room } = await textRoom()
    const a = new Member()
    room.join(a)
    room.presence.apply(a, who('Peru'), [entry(31, 1, { cursor: at(1) })])
    room.leave(a)
    expect(room.presence.awareness.getStates().has(31)).toBe(false)
  })
})

describe('room: compaction and failures', () => {
  it('W3: snapshots every N updates and reloads to the same document', async () => {
    const { room, storage, options } = await textRoom({ limits: { compactEvery: 3 } })
    const member = new Member()
    for (let i = 0; i < 7; i++)
      await (
        room.submit(
          edit(room, (d) => firstClauseText(d).insert(0, `${i} `)),
          member,
          editor,
        ) as { stored: Promise<void> }
      ).stored
    const stored = await storage.documents.load('n')
    expect(stored.snapshot).not.toBeNull()
    expect(stored.updates.length).toBeLessThan(3)
    const again = new Room(options)
    rooms.push(again)
    await again.ready
    expect(text(again)).toBe(text(room))
    expect(await storage.documents.countSince('n', 0)).toBe(8)
  })

  it('W5: closes every member with 1011 when the store fails, and refuses further updates', async () => {
    const { room } = await textRoom({
      documents: (d) =>
        withAppend(d, async () => {
          throw new Error('disk full')
        }),
    })
    const member = new Member()
    room.join(member)
    const result = room.submit(
      edit(room, (d) => firstClauseText(d).insert(0, 'lost ')),
      member,
      editor,
    )
    await (result as { stored: Promise<void> }).stored
    expect(member.closes.map(([code]) => code)).toEqual([CloseCode.internalError])
    expect(text(room)).not.toContain('lost')
    expect(room.submit(new Uint8Array([0, 0]), member, editor).ok).toBe(false)
  })
})
