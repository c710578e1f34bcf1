import type { Awareness } from 'y-protocols/awareness'
import { h, replaceChildren } from '../dom'
import { cursorLabel, onlineUsers } from '../collab/awareness'
import { describeConnection, type ConnectionState } from '../collab/connection'
import { fallbackColor } from '../collab/remote-presence'
import { isColor } from '../../shared/presence/state'

/** The connection badge: connected, syncing, offline or refused, with a plain
 *  sentence of what that means for the user's edits. Always on screen. */
export class ConnectionBadge {
  readonly element = h('p', {
    class: 'rt-connection',
    role: 'status',
    'aria-live': 'polite',
    'data-state': 'connecting',
  })

  constructor(private readonly canEdit: boolean) {}

  show(state: ConnectionState): void {
    const { label, detail } = describeConnection(state, this.canEdit)
    this.element.dataset.state = state.kind
    this.element.title = detail
    replaceChildren(
      this.element,
      h('span', { class: 'rt-dot', 'aria-hidden': 'true' }),
      h('b', {}, label),
      state.kind !== 'connected' && h('span', { class: 'rt-connection-detail' }, detail),
    )
  }
}

/** Who is in the text now, by delegation or role, each in their caret colour. */
export class PresenceList {
  readonly element = h('ul', { class: 'rt-presence', 'aria-label': 'Online now' })
  /** What the list shows, to skip redrawing when only carets moved. */
  private shown = ''

  constructor(private readonly awareness: Awareness) {
    awareness.on('change', () => this.render())
    this.render()
  }

  private render(): void {
    const users = onlineUsers(this.awareness)
    const shown = users.map((u) => `${u.clientId}:${cursorLabel(u)}:${u.color}`).join('|')
    if (shown === this.shown) return
    this.shown = shown
    replaceChildren(
      this.element,
      users.map((u) => {
        const item = h(
          'li',
          { 'data-self': u.self, title: `${u.name}, ${u.role}` },
          cursorLabel(u),
          u.self && h('span', { class: 'rt-visually-hidden' }, ' (you)'),
        )
        // Through the CSSOM, never a style string: a value is one property.
        item.style.setProperty('--state-color', isColor(u.color) ? u.color : fallbackColor)
        return item
      }),
    )
  }
}
