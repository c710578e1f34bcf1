import { present } from '../../shared/present'
import { checkPresence } from '../../shared/presence/state'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CloseCode } from '../../server/core/close-codes'
import { encodeMessage, writeAwareness, writeSyncStep1, writeUpdate } from '../../server/core/protocol'
import { connectClient, firstClauseText, RawSocket, textOf, type Client } from '../harness/clients'
import * as prng from 'lib0/prng'
import { on, until } from '../harness/events'
import { startTestServer, type TestServer } from '../harness/server'
import { presenceFrame, schemaInvalidFrame } from './fuzz-frames'

// Rates are out of the way: this is about what frames do, not how many.
const limits = {
  maxMessageBytes: 4096,
  hardMaxMessageBytes: 16_384,
  messagesPerSecond: 100_000,
  messageBurst: 100_000,
  syncPerSecond: 100_000,
  syncBurst: 100_000,
  tokenSyncPerSecond: 100_000,
  tokenSyncBurst: 100_000,
  presencePerSecond: 100_000,
  presenceBurst: 100_000,
  tokenPresencePerSecond: 100_000,
  tokenPresenceBurst: 100_000,
}
let server: TestServer
const clients: Client[] = []
beforeAll(async () => {
  server = await startTestServer({ limits })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server.stop()
})

type Rand = () => number
const int = (r: Rand, n: number) => Math.floor(r() * n)
const bytes = (r: Rand, n: number) => Uint8Array.from({ length: n }, () => int(r, 256))
const framed = (write: (e: encoding.Encoder) => void) => encodeMessage(write)

/** One hostile frame: random bytes, a truncated real message, an oversized
 *  one, valid framing around a garbage update or awareness payload, a
 *  random or mutated presence state, or a well-formed Yjs update whose
 *  content breaks the schema. */
function hostileFrame(r: Rand, realUpdate: Uint8Array, base: Y.Doc): { kind: string; frame: Uint8Array } {
  const real = [
    framed((e) => writeUpdate(e, realUpdate)),
    framed((e) => writeSyncStep1(e, new Y.Doc())),
    framed((e) => writeAwareness(e, new Uint8Array([1, 5, 1, 2, 123, 125]))),
  ]
  switch (int(r, 9)) {
    case 0:
      return { kind: 'random', frame: bytes(r, int(r, 64)) }
    case 1: {
      const m = real[int(r, real.length)]
      return { kind: 'truncated', frame: m.slice(0, 1 + int(r, m.length - 1)) }
    }
    case 2:
      return { kind: 'oversized', frame: bytes(r, limits.maxMessageBytes + 1 + int(r, 20_000)) }
    case 3:
      return { kind: 'garbage-update', frame: framed((e) => writeUpdate(e, bytes(r, 1 + int(r, 200)))) }
    case 4:
      return {
        kind: 'garbage-step2',
        frame: framed((e) => {
          encoding.writeVarUint(e, 0)
          encoding.writeVarUint(e, 1)
          encoding.writeVarUint8Array(e, bytes(r, 1 + int(r, 200)))
        }),
      }
    case 5:
      return { kind: 'garbage-awareness', frame: framed((e) => writeAwareness(e, bytes(r, 1 + int(r, 100)))) }
    case 6:
    case 7:
      return presenceFrame(r)
    default:
      return schemaInvalidFrame(r, base)
  }
}

/** A probe every server answers (sync step 1 for an empty document). */
const probe = framed((e) => writeSyncStep1(e, new Y.Doc()))

async function fuzz(seed: number, frames: number, between: (i: number) => void): Promise<Map<string, number>> {
  const generator = prng.create(seed)
  const r = () => prng.real53(generator)
  const token = (
    await server.tokens.issue({ role: 'editor', name: 'Fuzzer', negotiation: server.negotiation.id, createdBy: 'test' })
  ).token
  const copy = new Y.Doc()
  const codes = new Map<string, number>()
  let socket: RawSocket | null = null
  for (let i = 0; i < frames; i++) {
    if (!socket || socket.closeEvent) {
      socket = new RawSocket(`${server.wsUrl}/${server.negotiation.id}?token=${token}`)
      await socket.opened()
    }
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(clients[0].doc))
    const sv = Y.encodeStateVector(copy)
    firstClauseText(copy).insert(0, 'never ')
    const { kind, frame } = hostileFrame(r, Y.encodeStateAsUpdate(copy, sv), copy)
    const seen = socket.frames.length
    socket.send(frame)
    socket.send(probe)
    // Either the server answers the probe (the frame was harmless) or closes.
    await until(
      () =>
        present(socket).closeEvent ??
        present(socket)
          .frames.slice(seen)
          .some((f) => f[0] === 0 && f[1] === 1),
      (wake) => {
        present(socket).ws.on('message', wake)
        present(socket).ws.on('close', wake)
        return () => {
          present(socket).ws.off('message', wake)
          present(socket).ws.off('close', wake)
        }
      },
      `reaction to frame ${i} (${kind})`,
    )
    const outcome = socket.closeEvent ? String(socket.closeEvent.code) : 'answered'
    codes.set(`${kind}:${outcome}`, (codes.get(`${kind}:${outcome}`) ?? 0) + 1)
    between(i)
  }
  socket?.close()
  return codes
}

/** Named regression seeds, each replaying a shorter campaign: a seed that
 *  makes the campaign fail goes here, named for what it found. None has
 *  failed since presence and schema-invalid frames joined the mix; seed 1
 *  keeps that mix running with a fixed seed on every run. */
const regressions: { name: string; seed: number }[] = [
  { name: 'presence states and schema-invalid updates, fixed seed 1', seed: 1 },
]

/** Runs `frames` hostile frames with `seed` while two editors type, then
 *  checks that the server is up, only expected close codes were used, every
 *  schema-invalid update was refused with 4400, every presence state the
 *  room holds fits the schema, and the document holds exactly what the
 *  editors typed. */
async function campaign(seed: number, frames: number): Promise<Map<string, number>> {
  const editorToken = await server.token('editor')
  const [a, b] = [
    connectClient(server.wsUrl, server.negotiation.id, editorToken),
    connectClient(server.wsUrl, server.negotiation.id, editorToken),
  ]
  clients.push(a, b)
  await Promise.all([a.synced(), b.synced()])
  const legit = new Set([a.doc.clientID, b.doc.clientID, ...Y.decodeStateVector(Y.encodeStateVector(a.doc)).keys()])
  const room = present(server.rooms.get(server.negotiation.id))
  for (const client of Y.decodeStateVector(Y.encodeStateVector(room.currentDoc())).keys()) legit.add(client)
  const marker = `s${seed}-`
  let n = 0
  const codes = await fuzz(seed, frames, (i) => {
    if (i % 50 === 0) firstClauseText((i / 50) % 2 ? a.doc : b.doc).insert(0, `[${marker}${++n}]`)
  })
  console.log(`fuzz outcomes (seed ${seed})`, Object.fromEntries(codes))

  expect((await server.api('/api/health')).status).toBe(200)
  const allowed = ['answered', String(CloseCode.malformed), String(CloseCode.tooLarge), '1009']
  for (const key of codes.keys()) expect(allowed, key).toContain(key.split(':')[1])
  for (const key of codes.keys())
    if (key.startsWith('schema-invalid')) expect(key.endsWith(`:${CloseCode.malformed}`), key).toBe(true)
  for (const [id, state] of room.presence.awareness.getStates())
    expect(checkPresence(state).ok, `presence of ${id}: ${JSON.stringify(state).slice(0, 200)}`).toBe(true)

  await until(
    () =>
      textOf(a.doc) === textOf(room.currentDoc()) &&
      textOf(b.doc) === textOf(room.currentDoc()) &&
      textOf(room.currentDoc()).includes(`[${marker}${n}]`),
    on([
      [a.doc, 'update'],
      [b.doc, 'update'],
      [room, 'stored'],
    ]),
    'the editors to converge',
  )
  for (let k = 1; k <= n; k++) expect(textOf(room.currentDoc())).toContain(`[${marker}${k}]`)
  expect(textOf(room.currentDoc())).not.toContain('never')
  // Only the seed and the editors ever wrote to the document.
  for (const client of Y.decodeStateVector(Y.encodeStateVector(room.currentDoc())).keys())
    expect(legit.has(client)).toBe(true)
  a.destroy()
  b.destroy()
  return codes
}

describe('fuzzed frames', () => {
  it('1,000 hostile frames: the server stays up, the document is unchanged, others keep editing', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
    console.log(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed}; add it to the regressions if it fails)`)
    const codes = await campaign(seed, 1000)
    const kinds = [...codes.keys()]
    expect(codes.get(`oversized:${CloseCode.tooLarge}`) ?? 0).toBeGreaterThan(0)
    expect(kinds.some((k) => k.startsWith('presence-') && k.endsWith(`:${CloseCode.malformed}`))).toBe(true)
    expect(kinds.some((k) => k.startsWith('presence-sound') && k.endsWith(':answered'))).toBe(true)
    expect(kinds.filter((k) => k.startsWith('schema-invalid')).length).toBeGreaterThan(5)
  })

  for (const { name, seed } of regressions)
    it(`regression: ${name}`, async () => {
      await campaign(seed, 150)
    })
})
