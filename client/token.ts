const legacyKey = 'rolling-text.token'

/** Takes the invitation token from the link just opened: `#token=` (the
 *  fragment, which the browser never sends anywhere) or an old link's
 *  `?token=`. It is stripped from the address bar at once, so it is not
 *  bookmarked, shared, left in the history or sent as a Referer. A token an
 *  earlier version kept in this browser is taken (and forgotten) too: the
 *  browser now holds a session cookie instead. */
export function takeToken(location: Location, history: History, storage: Storage): string | null {
  const url = new URL(location.href)
  const fragment = new URLSearchParams(url.hash.slice(1))
  const fromUrl = fragment.get('token') ?? url.searchParams.get('token')
  const stored = storage.getItem(legacyKey)
  storage.removeItem(legacyKey)
  if (fromUrl) {
    fragment.delete('token')
    url.searchParams.delete('token')
    const hash = fragment.toString()
    history.replaceState(history.state, '', url.pathname + url.search + (hash ? `#${hash}` : ''))
    return fromUrl
  }
  return stored
}
