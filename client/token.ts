/** Where clients before the cookie session kept the token (read once, then removed). */
const legacyTokenKey = 'rolling-text.token'

/** Takes the invitation token of the link just opened: from `#token=` (the
 *  fragment, which the browser never sends anywhere) or an old link's
 *  `?token=`, and strips it from the address bar so that it is not
 *  bookmarked, shared, left in the history or sent as a Referer. Without
 *  one, a token an earlier version of the client kept in this browser is
 *  taken (and forgotten): it is traded for a session like a link's. The
 *  token is never stored: the caller trades it for a session cookie. */
export function takeToken(location: Location, history: History, storage: Storage): string | null {
  const url = new URL(location.href)
  const fragment = new URLSearchParams(url.hash.slice(1))
  const fromUrl = fragment.get('token') ?? url.searchParams.get('token')
  const legacy = storage.getItem(legacyTokenKey)
  storage.removeItem(legacyTokenKey)
  if (!fromUrl) return legacy
  fragment.delete('token')
  url.searchParams.delete('token')
  const hash = fragment.toString()
  history.replaceState(history.state, '', url.pathname + url.search + (hash ? `#${hash}` : ''))
  return fromUrl
}
