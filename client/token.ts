const tokenKey = 'rolling-text.token'

/** Reads the invitation token: from `?token=` when the user just opened an
 *  invitation (stored, then stripped from the address bar so it is not
 *  bookmarked, shared or left in the history), else the stored one. */
export function takeToken(location: Location, history: History, storage: Storage): string | null {
  const url = new URL(location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    storage.setItem(tokenKey, fromUrl)
    url.searchParams.delete('token')
    history.replaceState(history.state, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return storage.getItem(tokenKey)
}

/** Forgets the stored token (signing out, or after the server refused it). */
export function forgetToken(storage: Storage): void {
  storage.removeItem(tokenKey)
}
