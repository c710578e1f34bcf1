import { describe, expect, it } from 'vitest'
import { ObservableV2 } from 'lib0/observable'
import type { WebsocketProvider } from 'y-websocket'
import {
  agreedTextRefused,
  closeMessage,
  describeConnection,
  shouldReconnect,
  watchConnection,
  type ConnectionState,
} from '../../../client/collab/connection'

/** Just enough of a WebsocketProvider to drive its events. */
class FakeProvider extends ObservableV2<Record<string, (...args: unknown[]) => void>> {
  wsconnected = false
  wsconnecting = true
  synced = false
  wsUnsuccessfulReconnects = 0
}

function watch() {
  const provider = new FakeProvider()
  const seen: ConnectionState['kind'][] = []
  watchConnection(provider as unknown as WebsocketProvider, (state) => seen.push(state.kind))
  return { provider, seen }
}

describe('connection state', () => {
  it('goes connecting → syncing → connected → offline', () => {
    const { provider, seen } = watch()
    provider.wsconnected = true
    provider.emit('status', [{ status: 'connected' }])
    provider.synced = true
    provider.emit('sync', [true])
    provider.wsconnected = false
    provider.synced = false
    provider.wsUnsuccessfulReconnects = 1
    provider.emit('status', [{ status: 'disconnected' }])
    expect(seen).toEqual(['connecting', 'syncing', 'connected', 'offline'])
  })

  it('stays refused after the server closed for good, with the reason', () => {
    const provider = new FakeProvider()
    const states: ConnectionState[] = []
    watchConnection(provider as unknown as WebsocketProvider, (s) => states.push(s))
    provider.emit('closed', [{ code: 4401, reason: '' }])
    provider.emit('status', [{ status: 'disconnected' }])
    expect(states.at(-1)).toEqual({ kind: 'refused', code: 4401, message: closeMessage(4401) })
  })

  it('tells a refused change to agreed text apart, so that the browser can drop it', () => {
    const provider = new FakeProvider()
    const states: ConnectionState[] = []
    watchConnection(provider as unknown as WebsocketProvider, (s) => states.push(s))
    provider.emit('closed', [
      {
        code: 4400,
        reason: "the update changes agreed text: [clause.adref] only the chair may change a clause ('c7')",
      },
    ])
    expect(states.at(-1)).toEqual({ kind: 'refused', code: 4400, message: agreedTextRefused, agreedText: true })
  })

  it('retries only when waiting can help', () => {
    expect(shouldReconnect({ code: 1006 })).toBe(true)
    expect(shouldReconnect({ code: 4429 })).toBe(true)
    expect(shouldReconnect({ code: 4401 })).toBe(false)
    expect(shouldReconnect({ code: 4404 })).toBe(false)
  })

  it('tells editors their offline edits are kept', () => {
    expect(describeConnection({ kind: 'offline' }, true).detail).toMatch(/kept in this browser/)
    expect(closeMessage(4403)).toMatch(/does not give access/)
    expect(closeMessage(4999)).toMatch(/code 4999/)
  })
})
