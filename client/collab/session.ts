import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import type { Position, Proposal } from '../../shared/positions/position'
import { metaRoomName, metaTypeNames, textRoot } from '../../shared/protocol/rooms'
import type { ReadingSummary } from '../../shared/protocol/wire'
import { shouldReconnect, watchConnection, type ConnectionState } from './connection'

/** Where the sync socket lives: the same host that served the page. */
export function syncBase(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`
}

/** How the text was first loaded: from the server, or from this browser's
 *  copy when the server could not be reached. */
export type TextSource = 'server' | 'browser'

/** The live, server-authored data beside the text: positions, proposals and
 *  readings, pushed to every client as they change. */
export interface MetaData {
  positions: Position[]
  proposals: Proposal[]
  readings: ReadingSummary[]
}

/** The shared documents of one negotiation: the text (edited by chair and
 *  editors, kept in IndexedDB so offline edits survive a reload) and the
 *  read-only meta room. */
export class NegotiationSession {
  readonly text = new Y.Doc()
  readonly fragment = this.text.getXmlFragment(textRoot)
  readonly textProvider: WebsocketProvider
  readonly local: IndexeddbPersistence
  private readonly meta = new Y.Doc()
  private readonly metaProvider: WebsocketProvider

  constructor(
    readonly negotiation: string,
    isReader: boolean,
    base: string,
  ) {
    // Readers keep a local copy too: they can read the text offline.
    this.local = new IndexeddbPersistence(`rolling-text:${negotiation}`, this.text)
    // The browser's session cookie goes with the upgrade by itself (the
    // server checks it with the page's Origin); no token travels, in the URL
    // (which proxies log) or anywhere else.
    const options = { protocols: ['rolling-text'], disableBc: isReader, shouldReconnect }
    this.textProvider = new WebsocketProvider(base, negotiation, this.text, options)
    this.metaProvider = new WebsocketProvider(base, metaRoomName(negotiation), this.meta, {
      ...options,
      disableBc: true,
    })
    window.addEventListener('offline', this.goOffline)
    window.addEventListener('online', this.goOnline)
  }

  get awareness() {
    return this.textProvider.awareness
  }

  /** Resolves once there is text to show: as soon as the server has synced,
   *  or, while it cannot be reached, as soon as this browser's copy holds a
   *  text. */
  whenTextReady(): Promise<TextSource> {
    return new Promise((resolve) => {
      const fromServer = (synced: boolean) => {
        if (synced) resolve('server')
      }
      if (this.textProvider.synced) resolve('server')
      this.textProvider.on('sync', fromServer)
      this.local.whenSynced.then(() => {
        if (this.fragment.length > 0 && !this.textProvider.synced) resolve('browser')
      })
    })
  }

  /** Reports the text connection's state now and on every change. */
  onConnection(listener: (state: ConnectionState) => void): void {
    watchConnection(this.textProvider, listener)
  }

  /** Calls `listener` with the meta data now and whenever the server changes it. */
  onMeta(listener: (data: MetaData) => void): void {
    const positions = this.meta.getMap<unknown>(metaTypeNames.positions)
    const proposals = this.meta.getMap<unknown>(metaTypeNames.proposals)
    const readings = this.meta.getArray<unknown>(metaTypeNames.readings)
    const emit = () =>
      listener({
        positions: [...positions.values()].map(fromJSON<Position>),
        proposals: [...proposals.values()].map(fromJSON<Proposal>),
        readings: readings.toArray().map(fromJSON<ReadingSummary>),
      })
    this.meta.on('update', emit)
    emit()
  }

  destroy(): void {
    window.removeEventListener('offline', this.goOffline)
    window.removeEventListener('online', this.goOnline)
    this.textProvider.destroy()
    this.metaProvider.destroy()
    this.local.destroy()
  }

  /** The browser says the network is gone: drop the sockets now rather than
   *  wait for them to time out, so the status is true at once. */
  private readonly goOffline = () => {
    this.textProvider.disconnect()
    this.metaProvider.disconnect()
  }

  private readonly goOnline = () => {
    this.textProvider.connect()
    this.metaProvider.connect()
  }
}

/** Meta entries may be stored as plain objects, JSON strings or Y types; all read the same. */
function fromJSON<T>(value: unknown): T {
  if (typeof value === 'string') return JSON.parse(value) as T
  if (value instanceof Y.AbstractType) return value.toJSON() as T
  return value as T
}
