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
    localStorage.setItem(bootKey, JSON.stringify({ token, me, negotiations }))
  } catch (error) {
    // Offline after an earlier visit: open with what this browser kept (the
    // text comes from its own copy and merges once the network is back).
    const kept = error instanceof ApiError && error.status === 0 ? keptBoot(token) : null
    if (kept) return open(root, api, token, kept.me, kept.negotiations)
    if (error instanceof ApiError && error.status === 401) forgetToken(localStorage)
    return showMessage(root, error instanceof ApiError ? error.message : String(error))
  }
  open(root, api, token, me, negotiations)
}

/** Where the last answers to "who am I, which negotiations" are kept for opening offline. */
const bootKey = 'rolling-text:boot'

function keptBoot(token: string): { me: Me; negotiations: Negotiation[] } | null {
  try {
    const kept = JSON.parse(localStorage.getItem(bootKey) ?? 'null') as {
      token: string
      me: Me
      negotiations: Negotiation[]
    } | null
    return kept?.token === token ? kept : null
  } catch {
    return null
  }
}

/** Picks the negotiation (asking when several and none named) and starts the app. */
function open(root: HTMLElement, api: Api, token: string, me: Me, negotiations: Negotiation[]): void {
  const wanted = me.negotiation ?? new URLSearchParams(location.search).get('negotiation')
  const chosen = negotiations.find((n) => n.id === wanted) ?? (negotiations.length === 1 ? negotiations[0] : null)
  if (!chosen) {
    showPicker(root, negotiations)
    return
  }
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
// Keeps the built client so that the app opens offline after one visit; a
// browser without service workers (or a refusal) simply works online only.
navigator.serviceWorker?.register('/sw.js').catch(() => undefined)
