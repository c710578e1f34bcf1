import * as Y from 'yjs'
import { encodeAwarenessEntries } from '../../server/core/awareness'
import { encodeMessage, writeAwareness, writeUpdate } from '../../server/core/protocol'

/** A random number source in [0, 1). */
export type Rand = () => number
const int = (r: Rand, n: number) => Math.floor(r() * n)
const pick = <T>(r: Rand, items: readonly T[]): T => items[int(r, items.length)] as T

/** Values that have broken, or might break, a presence reader. */
const oddValues: unknown[] = [
  {},
  null,
  'x',
  -1,
  1e308,
  1.5,
  true,
  [],
  'red',
  '";background:url(//evil.invalid/p)',
  '#1f6fb2;x',
  'x'.repeat(2000),
  { item: {} },
  { client: -1, clock: 0 },
  { tname: 7 },
  '<img src=x onerror=alert(1)>',
]

/** A presence state as our browser sends it. */
function soundState(r: Rand): Record<string, unknown> {
  const end = () =>
    pick(r, [
      { tname: 'prosemirror', assoc: 0 },
      { type: { client: int(r, 100), clock: int(r, 50) }, item: { client: int(r, 100), clock: int(r, 50) }, assoc: -1 },
      { item: { client: int(r, 1 << 30), clock: int(r, 1000) } },
    ])
  return {
    user: { name: 'Fuzzer', color: pick(r, ['#1f6fb2', '#B23A1F']), role: 'editor', state: null },
    cursor: pick(r, [null, { anchor: end(), head: end() }]),
  }
}

/** `state` with one value somewhere in it replaced by an odd one. */
function mutated(r: Rand, state: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(state)
  let node: Record<string, unknown> = copy
  for (let depth = 0; depth < 4; depth++) {
    const keys = Object.keys(node)
    const key = keys.length && r() < 0.8 ? pick(r, keys) : pick(r, ['extra', 'onclick', 'cursor', 'user'])
    const next = node[key]
    if (next && typeof next === 'object' && !Array.isArray(next) && r() < 0.6) {
      node = next as Record<string, unknown>
      continue
    }
    node[key] = pick(r, oddValues)
    break
  }
  return copy
}

function randomJson(r: Rand, depth = 0): unknown {
  if (depth > 2 || r() < 0.3) return pick(r, oddValues)
  const out: Record<string, unknown> = {}
  for (let i = int(r, 4); i > 0; i--)
    out[pick(r, ['user', 'cursor', 'anchor', 'head', 'color', 'name', 'x'])] = randomJson(r, depth + 1)
  return out
}

/** A presence frame: a sound state, a mutated one, or random JSON, for one to
 *  six client ids. */
export function presenceFrame(r: Rand): { kind: string; frame: Uint8Array } {
  const how = pick(r, ['presence-sound', 'presence-mutated', 'presence-mutated', 'presence-random'] as const)
  const entries = Array.from({ length: 1 + int(r, 6) }, () => {
    const state =
      how === 'presence-sound' ? soundState(r) : how === 'presence-mutated' ? mutated(r, soundState(r)) : randomJson(r)
    return { clientID: 1 + int(r, 2 ** 30), clock: int(r, 100), state: state as Record<string, unknown> | null }
  })
  return { kind: how, frame: encodeMessage((e) => writeAwareness(e, encodeAwarenessEntries(entries))) }
}

const clausesOf = (doc: Y.Doc) =>
  (doc.getXmlFragment('prosemirror').toArray() as Y.XmlElement[]).flatMap((s) =>
    s.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && c.nodeName === 'clause'),
  )

/** Changes that Yjs takes but the schema does not. */
const schemaBreaks: ((doc: Y.Doc, r: Rand) => void)[] = [
  (d, r) => clausesOf(d)[0]?.setAttribute('level', pick(r, [99, -1, 'x', 1.5, null]) as never),
  (d, r) => clausesOf(d)[0]?.setAttribute('status', pick(r, ['evil', 1, '']) as never),
  (d, r) => clausesOf(d)[0]?.setAttribute('id', pick(r, [{ x: 1 }, null, 7, 'a b', 'x'.repeat(65)]) as never),
  (d) => clausesOf(d)[1]?.setAttribute('id', clausesOf(d)[0]?.getAttribute('id') as string),
  (d) => clausesOf(d)[0]?.setAttribute('label', 'x'.repeat(3000)),
  (d, r) => clausesOf(d)[0]?.setAttribute(pick(r, ['onclick', 'style', 'class']), 'x'),
  (d, r) => {
    const parent = r() < 0.5 ? clausesOf(d)[0] : (d.getXmlFragment('prosemirror').get(0) as Y.XmlElement)
    parent?.insert(0, [
      pick(r, [
        () => 42,
        () => 'str',
        () => new Y.Map(),
        () => new Y.Text('t'),
        () => new Y.XmlHook('h'),
        () => new Y.Doc(),
      ])(),
    ] as never)
  },
  (d) => (clausesOf(d)[0]?.get(0) as Y.XmlText | undefined)?.format(0, 2, { strong: true }),
  (d) => (clausesOf(d)[0]?.get(0) as Y.XmlText | undefined)?.insertEmbed(0, { evil: true }),
  (d, r) => {
    const clause = clausesOf(d)[0]
    if (!clause) return
    let parent: Y.XmlElement = clause
    for (let i = 0, n = 33 + int(r, 40); i < n; i++) {
      const group = new Y.XmlElement('bracket_group')
      parent.insert(parent.length, [group])
      const option = new Y.XmlElement('option')
      group.insert(0, [option])
      parent = option
    }
  },
  (d) => d.getXmlFragment('prosemirror').insert(0, [new Y.XmlElement('clause')]),
]

/** A structurally valid Yjs update, made on a copy of `base`, whose content
 *  breaks the schema. */
export function schemaInvalidFrame(r: Rand, base: Y.Doc): { kind: string; frame: Uint8Array } {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(copy)
  const which = int(r, schemaBreaks.length)
  copy.transact(() => schemaBreaks[which]?.(copy, r))
  const update = Y.encodeStateAsUpdate(copy, before)
  copy.destroy()
  return { kind: `schema-invalid-${which}`, frame: encodeMessage((e) => writeUpdate(e, update)) }
}
