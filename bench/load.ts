// The client side of the server benchmarks (bench:server, bench:cluster):
// thin y-websocket clients, edits issued on a schedule, receipts timed by
// the ids of the updates that arrive, and the server processes' CPU and
// memory read from /proc.
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { present } from '../shared/present'
import { textRoot } from '../shared/protocol/rooms'

/** Resolves with the first match of `pattern` in a child's stdout. */
export function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = ''
    const stdout = present(child.stdout, "the child's piped stdout")
    const onData = (d: Buffer) => {
      out += d.toString()
      const m = pattern.exec(out)
      if (m) {
        stdout.off('data', onData)
        resolve(m)
      }
    }
    stdout.on('data', onData)
    child.once('exit', (code) => reject(new Error(`exited (${code}) before it was ready:\n${out}`)))
  })
}

/** CPU seconds and resident memory of a process, from /proc (Linux). */
export function processStats(pid: number | undefined): { cpuSeconds: number; rssBytes: number } {
  if (!pid) return { cpuSeconds: 0, rssBytes: 0 }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const ticks = Number(fields[11]) + Number(fields[12])
  const rssPages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1])
  return { cpuSeconds: ticks / 100, rssBytes: rssPages * 4096 }
}

/** The p-th percentile of sorted values (NaN for none). */
export const percentile = (sorted: Float64Array, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The XmlText of every clause, once the text is there. */
export function clauseTexts(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = []
  for (const section of doc.getXmlFragment(textRoot).toArray() as Y.XmlElement[]) {
    for (const clause of section.toArray() as Y.XmlElement[]) {
      if (clause.nodeName !== 'clause') continue
      const t = clause.toArray().find((c) => c instanceof Y.XmlText)
      if (t) out.push(t as Y.XmlText)
    }
  }
  return out
}

/** Told of each update a client receives once synced: when, and which client got it. */
export type OnReceipt = (update: Uint8Array, at: number, receiver: number) => void

/** How a thin client joins: `edits` syncs the text first (an editor needs
 *  it), `presence` announces itself once (as a browser does). */
export interface ThinClientOptions {
  edits: boolean
  presence: boolean
  /** rolling-text's invitation token, sent as the WebSocket subprotocol as
   *  programs do (docs/PROTOCOL.md); none for the baseline servers. */
  token?: string
}

/** A benchmark client: a real WebSocket speaking the y-websocket protocol,
 *  cheap on the receiving side so that thousands fit in one process next to
 *  the servers. It never applies what it receives: its Y.Doc holds the text
 *  as first synced plus its own edits, which is all an edit needs (applying
 *  every remote edit in every client would make the benchmark measure
 *  itself). Receipt is timed when the frame arrives, the edit identified by
 *  the update's ids. */
export class ThinClient {
  readonly doc = new Y.Doc()
  readonly ws: WebSocket
  texts: Y.XmlText[] = []
  /** Resolves once the client may edit (an editor) or listen (an observer). */
  readonly ready: Promise<void>

  constructor(url: string, onReceipt: OnReceipt, options: ThinClientOptions) {
    this.ws = new WebSocket(url, options.token ? ['rolling-text', options.token] : [])
    this.ws.binaryType = 'nodebuffer'
    let markReady: () => void = () => undefined
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve
      this.ws.once('error', reject)
      this.ws.once('close', (code) => reject(new Error(`closed with ${code}`)))
    })
    this.ws.on('open', () => {
      if (options.edits)
        this.send((e) => {
          encoding.writeVarUint(e, 0)
          syncProtocol.writeSyncStep1(e, this.doc)
        })
      if (options.presence) this.announce()
      if (!options.edits) markReady()
    })
    this.ws.on('message', (data: Buffer) => {
      const at = performance.now()
      const d = decoding.createDecoder(new Uint8Array(data))
      if (decoding.readVarUint(d) !== 0) return
      const step = decoding.readVarUint(d)
      const payload = decoding.readVarUint8Array(d)
      if (step === 2 && (this.texts.length || !options.edits)) return onReceipt(payload, at, this.doc.clientID)
      if (step === 0) {
        this.send((e) => {
          encoding.writeVarUint(e, 0)
          syncProtocol.writeSyncStep2(e, this.doc, payload)
        })
      } else if (!this.texts.length) {
        // The server's answer to our SyncStep1, or (an empty baseline room) the seed.
        Y.applyUpdate(this.doc, payload)
        this.texts = clauseTexts(this.doc)
        if (this.texts.length) markReady()
      }
    })
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'local')
        this.send((e) => {
          encoding.writeVarUint(e, 0)
          syncProtocol.writeUpdate(e, update)
        })
    })
  }

  private announce(): void {
    const awareness = new awarenessProtocol.Awareness(this.doc)
    awareness.setLocalState({ user: { name: 'bench', color: '#333333' } })
    this.send((e) => {
      encoding.writeVarUint(e, 1)
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [this.doc.clientID]))
    })
    awareness.destroy()
  }

  private send(write: (e: encoding.Encoder) => void) {
    const e = encoding.createEncoder()
    write(e)
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(encoding.toUint8Array(e))
  }

  /** Inserts one character; returns the clock it used (its id is this client and that clock). */
  edit(i: number): number {
    const clock = Y.getState(this.doc.store, this.doc.clientID)
    this.doc.transact(() => this.texts[i % this.texts.length]?.insert(0, 'x'), 'local')
    return clock
  }

  close() {
    this.ws.close()
    this.doc.destroy()
  }
}

/** Opens clients `batch` at a time, each batch ready before the next. */
export async function connectAll<T extends { ready: Promise<void> }>(
  count: number,
  make: (i: number) => T,
  batch: number,
): Promise<T[]> {
  const clients: T[] = []
  while (clients.length < count) {
    const next = Array.from({ length: Math.min(batch, count - clients.length) }, (_, k) => make(clients.length + k))
    await Promise.all(next.map((c) => c.ready))
    clients.push(...next)
  }
  return clients
}

/** Edit-to-receipt times: edits are recorded while `measuring`, and each
 *  arrival of one at another client adds a latency. */
export class Receipts {
  measuring = false
  /** Edits recorded while measuring. */
  edits = 0
  private readonly sentAt = new Map<number, Map<number, number>>()
  private latencies = new Float64Array(1 << 16)
  private count = 0
  /** The edits (client:clock) that reached at least one other client. */
  readonly delivered = new Set<string>()

  /** Records an edit made now (only while measuring). */
  sent(client: number, clock: number): void {
    if (!this.measuring) return
    let sent = this.sentAt.get(client)
    if (!sent) {
      sent = new Map()
      this.sentAt.set(client, sent)
    }
    sent.set(clock, performance.now())
    this.edits++
  }

  readonly onReceipt: OnReceipt = (update, at, receiver) => {
    if (!this.measuring) return
    const { from, to } = Y.parseUpdateMeta(update)
    for (const [client, end] of to) {
      // A merged relay also reaches the edit's author: that is no receipt.
      if (client === receiver) continue
      const sent = this.sentAt.get(client)
      if (!sent) continue
      for (let clock = from.get(client) ?? 0; clock < end; clock++) {
        const t = sent.get(clock)
        if (t === undefined) continue
        if (this.count === this.latencies.length) {
          const grown = new Float64Array(this.count * 2)
          grown.set(this.latencies)
          this.latencies = grown
        }
        this.latencies[this.count++] = at - t
        this.delivered.add(`${client}:${clock}`)
      }
    }
  }

  /** Receipts so far. */
  get received(): number {
    return this.count
  }

  /** The latencies, sorted. */
  sorted(): Float64Array {
    return this.latencies.slice(0, this.count).sort()
  }
}

/** Makes `perSecond` edits a second, spread evenly over `editors` in turn,
 *  on schedule even when timers fire late (so a slow moment cannot lower the
 *  load), each recorded in `receipts`. `catchUp()` issues what is due now;
 *  `stop()` ends it. */
export function scheduleEdits(editors: readonly ThinClient[], perSecond: number, receipts: Receipts) {
  let issued = 0
  const began = performance.now()
  const catchUp = () => {
    const due = Math.floor(((performance.now() - began) / 1000) * perSecond)
    for (; issued < due; issued++) {
      const c = editors[issued % editors.length]
      if (c) receipts.sent(c.doc.clientID, c.edit(issued))
    }
  }
  const timer = setInterval(catchUp, Math.max(1, 1000 / perSecond))
  return { catchUp, stop: () => clearInterval(timer) }
}
