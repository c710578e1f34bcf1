import type { WebsocketProvider } from 'y-websocket'

/** What the user sees about the link to the server, always on screen. */
export type ConnectionState =
  | { kind: 'connecting' }
  /** The socket is open and the text is being brought up to date both ways. */
  | { kind: 'syncing' }
  | { kind: 'connected' }
  /** No connection; retrying. Edits stay in this browser meanwhile. */
  | { kind: 'offline' }
  /** The server closed the connection for good; `message` says why. `agreedText`: it refused a change to a
   *  clause agreed ad referendum, which this browser would send again until its unsent changes are dropped. */
  | { kind: 'refused'; code: number; message: string; agreedText?: true }

/** Close codes the server sends, in words a delegate can act on. */
const closeMessages: Record<number, string> = {
  4400: 'The server could not read a message from this browser. Reload the page.',
  4401: 'Your invitation link is not valid (or no longer valid). Ask the chair for a new one.',
  4403: 'Your invitation does not give access to this negotiation.',
  4404: 'This negotiation does not exist on the server.',
  4413: 'A change was too large for the server to accept. Reload the page; recent edits are kept in this browser.',
  4429: 'Too many changes at once: the server is slowing this connection down. It will reconnect by itself.',
}

/** Why the server refused a change to agreed text (its 4400 names the rule `clause.adref`): a colleague
 *  agreed the clause while this browser was changing it. */
export const agreedTextRefused =
  'A change to a clause agreed ad referendum was refused: only the chair may change it. Discard the changes this browser has not sent yet to go on from the text as agreed.'

/** The message for a close code (a generic one for codes we do not know). */
export function closeMessage(code: number): string {
  return closeMessages[code] ?? `The server closed the connection (code ${code}).`
}

/** Whether to keep trying after the server closed with `code`: only a rate
 *  limit is worth waiting out; other 4xxx codes will not change by retrying. */
export const shouldReconnect = (event: { code: number }): boolean =>
  event.code < 4400 || event.code > 4499 || event.code === 4429

/** How a connection state reads in the status bar. */
export function describeConnection(state: ConnectionState, canEdit: boolean): { label: string; detail: string } {
  switch (state.kind) {
    case 'connecting':
      return { label: 'Connecting…', detail: 'Reaching the server.' }
    case 'syncing':
      return { label: 'Syncing…', detail: 'Bringing the text up to date with the server.' }
    case 'connected':
      return { label: 'Connected', detail: 'Changes are shared as you type.' }
    case 'offline':
      return {
        label: 'Offline',
        detail: canEdit
          ? 'Edits are kept in this browser and merge when the connection returns.'
          : 'Reconnecting; the text shown may be out of date.',
      }
    case 'refused':
      return { label: 'Disconnected', detail: state.message }
  }
}

/** Follows a provider's events and reports each change of connection state. */
export function watchConnection(provider: WebsocketProvider, onChange: (state: ConnectionState) => void): void {
  let refused: ConnectionState | null = null
  const report = () => {
    if (refused) onChange(refused)
    else if (provider.wsconnected) onChange(provider.synced ? { kind: 'connected' } : { kind: 'syncing' })
    else if (provider.wsconnecting && provider.wsUnsuccessfulReconnects === 0) onChange({ kind: 'connecting' })
    else onChange({ kind: 'offline' })
  }
  provider.on('status', report)
  provider.on('sync', report)
  provider.on('connection-close', (event) => {
    if (event && event.code === 4429) onChange({ kind: 'refused', code: 4429, message: closeMessage(4429) })
    else report()
  })
  provider.on('closed', ({ code, reason }) => {
    refused =
      code === 4400 && reason.includes('[clause.adref]')
        ? { kind: 'refused', code, message: agreedTextRefused, agreedText: true }
        : { kind: 'refused', code, message: closeMessage(code) }
    report()
  })
  report()
}
