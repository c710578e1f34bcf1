const tokenKey = 'rolling-text.token'

/** The token to sign in with, and a different one an invitation link just
 *  offered, which replaces it only once the user agrees. */
export interface TokenChoice {
  token: string | null
  offered: string | null
}

/** Reads the invitation token: from `?token=` when the user just opened an
 *  invitation (stripped from the address bar so it is not bookmarked, shared
 *  or left in the history), else the stored one. A link's token is stored at
 *  once when none was; when another one is stored it is only offered. */
export function takeToken(location: Location, history: History, storage: Storage): TokenChoice {
  const url = new URL(location.href)
  const fromUrl = url.searchParams.get('token')
  const stored = storage.getItem(tokenKey)
  if (!fromUrl) return { token: stored, offered: null }
  url.searchParams.delete('token')
  history.replaceState(history.state, '', url.pathname + url.search + url.hash)
  if (stored && stored !== fromUrl) return { token: stored, offered: fromUrl }
  storage.setItem(tokenKey, fromUrl)
  return { token: fromUrl, offered: null }
}

/** Stores the token the user chose to sign in with. */
export function keepToken(storage: Storage, token: string): void {
  storage.setItem(tokenKey, token)
}

/** Forgets the stored token (signing out, or after the server refused it). */
export function forgetToken(storage: Storage): void {
  storage.removeItem(tokenKey)
}
