import { present } from '../shared/present'
import './styles.css'
import type { Me, Negotiation } from '../shared/protocol/wire'
import { Api, ApiError } from './api'
import { forgetToken, takeToken } from './token'
import { h } from './dom'
import { startApp } from './app'

/** Opens the app: reads the invitation token, asks the server who this is,
 *  picks the negotiation and starts the editor. */
async function main(root: HTMLElement): Promise<void> {
  const token = takeToken(location, history, localStorage)
  if (!token) return showMessage(root, 'Open the invitation link you were sent to start.')
  const api = new Api(token)
  let me: Me
  let negotiations: Negotiation[]
  try {
    ;[me, negotiations] = await Promise.all([api.me(), api.negotiations()])
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) forgetToken(localStorage)
    return showMessage(root, error instanceof ApiError ? error.message : String(error))
  }
  const wanted = me.negotiation ?? new URLSearchParams(location.search).get('negotiation')
  const chosen = negotiations.find((n) => n.id === wanted) ?? (negotiations.length === 1 ? negotiations[0] : null)
  if (!chosen) return showPicker(root, negotiations)
  document.title = `${chosen.title} — rolling-text`
  startApp(root, { api, token, me, negotiation: chosen.id, title: chosen.title })
}

function showMessage(root: HTMLElement, message: string): void {
  root.replaceChildren(h('main', { class: 'rt-gate' }, h('h1', {}, 'rolling-text'), h('p', { role: 'alert' }, message)))
}

/** Several negotiations and none named: the user picks one. */
function showPicker(root: HTMLElement, negotiations: Negotiation[]): void {
  root.replaceChildren(
    h(
      'main',
      { class: 'rt-gate' },
      h('h1', {}, 'Choose a negotiation'),
      negotiations.length === 0
        ? h('p', {}, 'There is no negotiation yet.')
        : h(
            'ul',
            {},
            negotiations.map((n) =>
              h('li', {}, h('a', { href: `?negotiation=${encodeURIComponent(n.id)}`, dir: 'auto' }, n.title)),
            ),
          ),
    ),
  )
}

main(present(document.getElementById('app'), 'the #app element of index.html'))
