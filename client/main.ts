import { present } from '../shared/present'
import './styles.css'
import type { Me, Negotiation } from '../shared/protocol/wire'
import { Api, ApiError } from './api'
import { takeToken } from './token'
import { h } from './dom'
import { startApp } from './app'

/** Opens the app: trades the invitation link's token (if one was opened) for
 *  a session cookie, asks the server who this is, picks the negotiation and
 *  starts the editor. From then on the browser's cookie, never the token,
 *  authenticates the API and the sync sockets. */
async function main(root: HTMLElement): Promise<void> {
  const link = takeToken(location, history, localStorage)
  const api = new Api()
  if (link) {
    const failure = await adopt(root, api, link)
    if (failure) return showMessage(root, failure)
  }
  let me: Me
  let negotiations: Negotiation[]
  try {
    ;[me, negotiations] = await Promise.all([api.me(), api.negotiations()])
    localStorage.setItem(bootKey, JSON.stringify({ me, negotiations }))
  } catch (error) {
    // Offline after an earlier visit: open with what this browser kept (the
    // text comes from its own copy and merges once the network is back).
    const kept = error instanceof ApiError && error.status === 0 && !link ? keptBoot() : null
    if (kept) return open(root, api, kept.me, kept.negotiations)
    if (error instanceof ApiError && error.status === 401) {
      // Never signed in here (or signed out): say how to start, not why the server refused.
      const known = keptBoot() !== null
      localStorage.removeItem(bootKey)
      if (!known && !link) return showMessage(root, 'Open the invitation link you were sent to start.')
    }
    return showMessage(root, error instanceof ApiError ? error.message : String(error))
  }
  open(root, api, me, negotiations)
}

/** Where the last answers to "who am I, which negotiations" are kept for opening offline. */
const bootKey = 'rolling-text:boot'

function keptBoot(): { me: Me; negotiations: Negotiation[] } | null {
  try {
    const kept = JSON.parse(localStorage.getItem(bootKey) ?? 'null') as {
      me?: Me
      negotiations?: Negotiation[]
      token?: string
    } | null
    if (!kept?.me || !kept.negotiations) return null
    const boot = { me: kept.me, negotiations: kept.negotiations }
    // Earlier clients kept the token here too: it goes.
    if (kept.token) localStorage.setItem(bootKey, JSON.stringify(boot))
    return boot
  } catch {
    return null
  }
}

/** Picks the negotiation (asking when several and none named) and starts the app. */
function open(root: HTMLElement, api: Api, me: Me, negotiations: Negotiation[]): void {
  const wanted = me.negotiation ?? new URLSearchParams(location.search).get('negotiation')
  const chosen = negotiations.find((n) => n.id === wanted) ?? (negotiations.length === 1 ? negotiations[0] : null)
  if (!chosen) {
    showPicker(root, negotiations)
    return
  }
  document.title = `${chosen.title} — rolling-text`
  startApp(root, {
    api,
    me,
    negotiation: chosen.id,
    title: chosen.title,
    negotiations,
    signOut: () => signOut(root, api),
  })
}

/** Who an identity is, in words: `Delegation of Chile (delegation)`. */
const describe = (me: Me) => `${me.name} (${me.role}${me.state ? `, ${me.state}` : ''})`

/** Trades a link's token for this browser's session. When a session for
 *  another invitation is open, asks which identity to use rather than
 *  silently replacing it (a link that does not work then leaves the open
 *  session as it is). Returns what to tell the user when the trade fails. */
async function adopt(root: HTMLElement, api: Api, link: string): Promise<string | null> {
  const [current, next] = await Promise.all([
    api.me().catch(() => null),
    api
      .withToken(link)
      .me()
      .catch(() => null),
  ])
  if (current && (!next || next.invitation === current.invitation)) return null
  if (current && next && !(await chooseIdentity(root, describe(current), describe(next)))) return null
  try {
    await api.startSession(link)
    return null
  } catch (error) {
    return error instanceof ApiError ? error.message : String(error)
  }
}

/** A second invitation link opened while signed in: resolves true to sign
 *  in with it, false to stay. */
function chooseIdentity(root: HTMLElement, now: string, next: string): Promise<boolean> {
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
          h('button', { type: 'button', class: 'rt-primary', onclick: () => resolve(true) }, `Sign in as ${next}`),
          h('button', { type: 'button', onclick: () => resolve(false) }, `Stay ${now}`),
        ),
      ),
    )
  })
}

/** Signs out: ends the session on the server (which clears its cookie) and
 *  forgets the offline copies of texts and their pending offline edits in
 *  this browser. */
async function signOut(root: HTMLElement, api: Api): Promise<void> {
  const ended = await api.endSession().then(
    () => true,
    () => false,
  )
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
  showMessage(
    root,
    ended
      ? 'Signed out. Open an invitation link to sign in again.'
      : 'This browser forgot its copies of the texts, but the server could not be reached to end the session: sign out again once you are online.',
  )
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
