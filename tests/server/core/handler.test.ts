import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode, CloseError } from '../../../server/core/close-codes'
import { handleMessage, type SyncSession } from '../../../server/core/handler'
import { encodeMessage, writeSyncStep1, writeUpdate } from '../../../server/core/protocol'

/** A session that records what the handler asked of it. */
function session(canWrite: boolean) {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, 'server text')
  const log = { updates: [] as Uint8Array[], awareness: [] as Uint8Array[] }
  const s: SyncSession = {
    canWrite,
    readOnlyReason: 'read only here',
    answerSyncStep1: (sv) => Y.encodeStateAsUpdate(doc, sv),
    submitUpdate: (u) => log.updates.push(u),
    submitAwareness: (u) => log.awareness.push(u),
    awarenessState: () => new Uint8Array([0]),
  }
  return { s, log, doc }
}

function run(frame: Uint8Array, s: SyncSession): { type: string; reply: Uint8Array } {
  const encoder = encoding.createEncoder()
  const type = handleMessage(decoding.createDecoder(frame), encoder, s)
  return { type, reply: encoding.toUint8Array(encoder) }
}

const clientEdit = () => {
  const d = new Y.Doc()
  d.getText('t').insert(0, 'client')
  return Y.encodeStateAsUpdate(d)
}

describe('message handler (no network)', () => {
  it('C4: answers sync step 1 with step 2 holding what the client lacks', () => {
    const { s, doc } = session(false)
    const { reply } = run(
      encodeMessage((e) => writeSyncStep1(e, new Y.Doc())),
      s,
    )
    const d = decoding.createDecoder(reply)
    expect([decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([0, 1])
    const copy = new Y.Doc()
    Y.applyUpdate(copy, decoding.readVarUint8Array(d))
    expect(copy.getText('t').toString()).toBe(doc.getText('t').toString())
  })

  it("C5: passes a writer's updates and step 2 on, with no reply", () => {
    const { s, log } = session(true)
    const update = clientEdit()
    expect(
      run(
        encodeMessage((e) => writeUpdate(e, update)),
        s,
      ),
    ).toEqual({ type: 'update', reply: new Uint8Array() })
    const step2 = encodeMessage((e) => {
      encoding.writeVarUint(e, 0)
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint8Array(e, update)
    })
    expect(run(step2, s).type).toBe('sync-step-2')
    expect(log.updates).toEqual([update, update])
  })

  it("R1: answers a reader's update and step 2 with permission denied, passing nothing on", () => {
    const { s, log } = session(false)
    for (const step of [1, 2]) {
      const frame = encodeMessage((e) => {
        encoding.writeVarUint(e, 0)
        encoding.writeVarUint(e, step)
        encoding.writeVarUint8Array(e, clientEdit())
      })
      const d = decoding.createDecoder(run(frame, s).reply)
      expect([decoding.readVarUint(d), decoding.readVarUint(d), decoding.readVarString(d)]).toEqual([
        2,
        0,
        'read only here',
      ])
    }
    expect(log.updates).toEqual([])
  })

  it("answers an awareness query with everyone's state and passes awareness on", () => {
    const { s, log } = session(false)
    expect([...run(new Uint8Array([3]), s).reply]).toEqual([1, 1, 0])
    expect(run(new Uint8Array([1, 1, 0]), s).type).toBe('awareness')
    expect(log.awareness).toEqual([new Uint8Array([0])])
  })

  const malformed: [string, number[]][] = [
    ['an empty frame', []],
    ['an unknown message type', [9]],
    ['an unknown sync step', [0, 7, 0]],
    ['a truncated update', [0, 2, 10, 1, 2]],
    ['a length past the end', [0, 2, 0xff, 0xff, 0xff, 0x0f]],
    ['bytes after the message', [3, 0]],
    ['a state vector Yjs cannot read', [0, 0, 3, 5, 0xff, 0xff]],
  ]
  for (const [what, bytes] of malformed) {
    it(`C5: refuses ${what} with close code 4400`, () => {
      const { s, log } = session(true)
      let error: unknown
      try {
        run(new Uint8Array(bytes), s)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(CloseError)
      expect((error as CloseError).code).toBe(CloseCode.malformed)
      expect(log.updates).toEqual([])
    })
  }
})
