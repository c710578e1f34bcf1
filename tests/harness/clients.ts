import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { until, on, Wakeups } from './events'
import { encodeMessage, writeSyncStep1 } from '../../server/core/protocol'

/** A real y-websocket client in Node. `disableBc` keeps clients in one
 *  process from syncing through BroadcastChannel behind the server's back. */
export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Permission-denied reasons the server sent. */
  denied: string[]
  /** Close events the provider saw. */
  closes: { code: number; reason: string }[]
  synced(): Promise<void>
  destroy(): void
}

export function connectClient(wsUrl: string, room: string, token: string, user?: Record<string, unknown>): Client {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
    maxBackoffTime: 200,
  })
  const denied: string[] = []
  const closes: { code: number; reason: string }[] = []
  provider.messageHandlers[2] = (_encoder, decoder) => {
    decoding.readVarUint(decoder)
    denied.push(decoding.readVarString(decoder))
  }
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  if (user) provider.awareness.setLocalStateField('user', user)
  return {
    doc,
    provider,
    denied,
    closes,
    synced: () => until(() => provider.synced, on([[provider, 'sync']]), `${room} to sync`).then(() => undefined),
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** The first clause's first text node in a text room's document. */
export function firstClauseText(doc: Y.Doc, clauseIndex = 0): Y.XmlText {
  const clauses = (doc.getXmlFragment('prosemirror').toArray() as Y.XmlElement[]).flatMap((s) =>
    s.toArray().filter((c) => (c as Y.XmlElement).nodeName === 'clause'),
  ) as Y.XmlElement[]
  const clause = clauses[clauseIndex]
  const text = clause.toArray().find((c) => c instanceof Y.XmlText) as Y.XmlText | undefined
  if (!text) throw new Error(`clause ${clauseIndex} has no text node`)
  return text
}

/** The whole text of a text room, for comparing documents. */
export const textOf = (doc: Y.Doc) => doc.getXmlFragment('prosemirror').toString()

/** A raw WebSocket speaking bytes, for frames no real client would send. */
export class RawSocket {
  readonly frames: Uint8Array[] = []
  closeEvent: { code: number; reason: string } | null = null
  readonly ws: WebSocket
  private readonly wakeups = new Wakeups()

  constructor(url: string) {
    this.ws = new WebSocket(url)
    this.ws.binaryType = 'nodebuffer'
    this.ws.on('message', (data: Buffer) => {
      this.frames.push(new Uint8Array(data))
      this.notify()
    })
    this.ws.on('close', (code, reason) => {
      this.closeEvent = { code, reason: reason.toString() }
      this.notify()
    })
    this.ws.on('open', () => this.notify())
    this.ws.on('error', () => {})
  }

  private notify() {
    this.wakeups.notify()
  }

  private readonly subscribe = this.wakeups.subscribe

  opened(): Promise<void> {
    return until(
      () => this.ws.readyState === WebSocket.OPEN || this.closeEvent !== null,
      this.subscribe,
      'socket to open',
    ).then(() => undefined)
  }

  send(frame: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame)
  }

  /** The next frame matching `match` (counting from index `from`). */
  frame(match: (f: Uint8Array) => boolean, from = 0): Promise<Uint8Array> {
    return until(() => this.frames.slice(from).find(match), this.subscribe, 'a matching frame')
  }

  /** Waits until `count` frames match, and returns them. */
  framesMatching(match: (f: Uint8Array) => boolean, count: number): Promise<Uint8Array[]> {
    return until(
      () => {
        const m = this.frames.filter(match)
        return m.length >= count && m
      },
      this.subscribe,
      `${count} matching frames`,
    )
  }

  /** Waits until `check` holds, re-checking on every frame and on close. */
  when<T>(check: () => T | undefined | null | false, label: string): Promise<T> {
    return until(check, this.subscribe, label)
  }

  closed(): Promise<{ code: number; reason: string }> {
    return until(() => this.closeEvent, this.subscribe, 'socket to close')
  }

  close(): void {
    this.ws.close()
  }
}

/** How a sync socket attempt ended: 1000 when the server accepted it (it
 *  answered our sync request, which it does only after the credential and
 *  room are checked, C1) and we closed it; else the server's close code. */
export interface SocketOutcome {
  code: number
  reason: string
  /** The subprotocol the server answered with. */
  protocol: string
}

/** Opens a sync socket, asks for the document, and closes it once the
 *  server answers; or reports the server's refusal. Closing on `open`
 *  alone would race the refusal, which comes after the upgrade. */
export function trySocket(url: string, protocols: string[] = [], headers: Record<string, string> = {}) {
  return new Promise<SocketOutcome>((resolve) => {
    const ws = new WebSocket(url, protocols, { headers })
    ws.on('open', () => ws.send(encodeMessage((e) => writeSyncStep1(e, new Y.Doc()))))
    ws.once('message', () => ws.close(1000))
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), protocol: ws.protocol }))
  })
}
