import { present } from '../shared/present'
import './styles.css'
import type { Me, Negotiation } from '../shared/protocol/wire'
import { Api, ApiError } from './api'
import { forgetToken, keepToken, takeToken } from './token'
import { h } from './dom'
import { startApp } from './app'

/** Opens the app: reads the invitation token, asks the server who this is,
 *  picks the negotiation and starts the editor. */
async function main(root: HTMLElement): Promise<void> {
  const choice = takeToken(location, history, localStorage)
  const token = choice.offered ? await chooseIdentity(root, choice.token ?? '', choice.offered) : choice.token
  if (!token) return showMessage(root, 'Open the invitation link you were sent to start.')
  keepToken(localStorage, token)
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
  startApp(root, {
    api,
    token,
    me,
    negotiation: chosen.id,
    title: chosen.title,
    negotiations,
    signOut: () => signOut(root),
  })
}

/** Who a token signs in as, in words: `Delegation of Chile (delegation)`. */
async function describe(token: string): Promise<string | null> {
  try {
    const me = await new Api(token).me()
    return `${me.name} (${me.role}${me.state ? `, ${me.state}` : ''})`
  } catch {
    return null
  }
}

/** A second invitation link opened while signed in: asks which identity to
 *  use, rather than silently replacing the current session. */
async function chooseIdentity(root: HTMLElement, current: string, offered: string): Promise<string> {
  const [now, next] = await Promise.all([describe(current), describe(offered)])
  if (!now) return offered
  if (!next) return current
  return new Promise((resolve) => {
    root.replaceChildren(
      h(
        'main',
        { class: 'rt-gate' },
        h('h1', {}, 'Switch to another invitation?'),
        h('p', {}, `You are signed in as ${now}. The link you opened signs you in as ${next}.`),
        h(
          'div',
          { class: 'rt-row-actions' },
          h('button', { type: 'button', class: 'rt-primary', onclick: () => resolve(offered) }, `Sign in as ${next}`),
          h('button', { type: 'button', onclick: () => resolve(current) }, `Stay ${now}`),
        ),
      ),
    )
  })
}

/** Signs out: forgets the token, the offline copies of texts and their
 *  pending offline edits in this browser. */
async function signOut(root: HTMLElement): Promise<void> {
  forgetToken(localStorage)
  for (const key of Object.keys(localStorage)) if (key.startsWith('rolling-text:')) localStorage.removeItem(key)
  const databases = (await indexedDB.databases?.()) ?? []
  await Promise.all(
    databases
      .filter((d) => d.name?.startsWith('rolling-text:'))
      .map(
        (d) =>
          new Promise<void>((done) => {
            const request = indexedDB.deleteDatabase(d.name ?? '')
            request.onsuccess = request.onerror = request.onblocked = () => done()
          }),
      ),
  )
  showMessage(root, 'Signed out. Open an invitation link to sign in again.')
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
