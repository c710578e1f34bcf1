import * as decoding from 'lib0/decoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Grant } from '../../../server/core/connection'
import { CloseCode } from '../../../server/core/close-codes'
import { Connection, type Transport } from '../../../server/core/connection'
import { encodeMessage, writeSyncStep1 } from '../../../server/core/protocol'
import { Room, serverAuthor } from '../../../server/core/room'
import { defaultLimits, type Limits } from '../../../server/limits'
import { silentLog } from '../../../server/log'
import { openSqliteStorage } from '../../../server/storage/sqlite'
import type { Storage } from '../../../server/storage/types'
import { until } from '../../harness/events'

const stores: Storage[] = []
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close()
})

class FakeTransport implements Transport {
  frames: Uint8Array[] = []
  bufferedAmount = 0
  closed: [number, string] | null = null
  private wake = new Set<() => void>()
  send(f: Uint8Array) {
    this.frames.push(f)
    for (const w of this.wake) w()
  }
  close(code: number, reason: string) {
    this.closed = [code, reason]
    for (const w of this.wake) w()
  }
  until<T>(check: () => T) {
    return until(
      check,
      (w) => {
        this.wake.add(w)
        return () => this.wake.delete(w)
      },
      'transport',
    )
  }
}

const editor: Grant = { author: { tokenId: 't', role: 'editor', state: null, name: 'Editor' }, readOnly: null }

/** A text room whose stored state loads only when `release` is called. */
async function slowRoom() {
  const storage = openSqliteStorage(':memory:')
  stores.push(storage)
  const seed = new Y.Doc()
  seed.getXmlFragment('prosemirror').insert(0, [new Y.XmlText('stored text')])
  await storage.documents.append('n', {
    update: Y.encodeStateAsUpdate(seed),
    author: serverAuthor,
    at: 't',
    clauses: [],
  })
  let release: () => void = () => {}
  const gate = new Promise<void>((r) => {
    release = r
  })
  const documents = storage.documents
  const room = new Room({
    name: 'n',
    writableRoot: 'prosemirror',
    limits: defaultLimits,
    log: silentLog,
    documents: {
      load: async (n) => {
        await gate
        return documents.load(n)
      },
      append: (n, e) => documents.append(n, e),
      saveSnapshot: (n, s, q) => documents.saveSnapshot(n, s, q),
      foldLog: (n, a, t, u) => documents.foldLog(n, a, t, u),
      countSince: (n, q) => documents.countSince(n, q),
      clauseHistory: (n, c) => documents.clauseHistory(n, c),
    },
  })
  return { room, release }
}

const step1 = () => encodeMessage((e) => writeSyncStep1(e, new Y.Doc()))
const kind = (f: Uint8Array) => {
  const d = decoding.createDecoder(f)
  return [decoding.readVarUint(d), decoding.readVarUint(d)]
}

describe('connection (no network)', () => {
  it('C2: answers nothing until the stored state has loaded, then answers with all of it', async () => {
    const { room, release } = await slowRoom()
    const transport = new FakeTransport()
    const connection = new Connection(room, editor, transport, defaultLimits, silentLog)
    connection.receive(step1())
    await Promise.resolve()
    expect(transport.frames).toEqual([])
    release()
    await transport.until(() => transport.frames.length >= 2)
    expect(transport.frames.map(kind)).toEqual([
      [0, 0],
      [0, 1],
    ])
    const d = decoding.createDecoder(transport.frames[1])
    decoding.readVarUint(d)
    decoding.readVarUint(d)
    const copy = new Y.Doc()
    Y.applyUpdate(copy, decoding.readVarUint8Array(d))
    expect(copy.getXmlFragment('prosemirror').toString()).toBe('stored text')
    await room.close()
  })

  const limited = (over: Partial<Limits>) => ({ ...defaultLimits, ...over })
  it('C8: closes with 4413 on a frame over the size limit, and 4429 past the rate', async () => {
    const { room, release } = await slowRoom()
    release()
    await room.ready
    const big = new FakeTransport()
    new Connection(room, editor, big, limited({ maxMessageBytes: 10 }), silentLog).receive(new Uint8Array(11))
    expect(big.closed?.[0]).toBe(CloseCode.tooLarge)
    const fast = new FakeTransport()
    const c = new Connection(room, editor, fast, limited({ messagesPerSecond: 1, messageBurst: 3 }), silentLog)
    for (let i = 0; i < 4; i++) c.receive(step1())
    expect(fast.closed?.[0]).toBe(CloseCode.rateLimited)
    await room.close()
  })
})
