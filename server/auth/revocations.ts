import type { Log } from '../log'
import type { TokenStore } from '../storage/types'

/** Where sessions live, as revocation sees them (the rooms implement it; auth knows no rooms). */
export interface SessionDirectory {
  /** The invitations that open sessions came in with. */
  tokenIds(): Iterable<string>
  /** Ends every session that came in with this invitation, telling it the invitation was revoked (4401). */
  endSessions(tokenId: string): void
}

/** Closes (4401) every session whose invitation has been revoked since it
 *  connected. The API closes sessions itself when it revokes; this catches
 *  revocations written by another process, `rolling-text invite --revoke`. */
export async function closeRevokedSessions(
  sessions: SessionDirectory,
  store: Pick<TokenStore, 'get'>,
): Promise<string[]> {
  const revoked: string[] = []
  for (const id of sessions.tokenIds()) {
    if ((await store.get(id))?.revokedAt) revoked.push(id)
  }
  for (const id of revoked) sessions.endSessions(id)
  return revoked
}

/** Runs closeRevokedSessions every `everyMs` until stopped; a check that
 *  fails is logged and tried again at the next tick. */
export function watchRevocations(
  sessions: SessionDirectory,
  store: TokenStore,
  everyMs: number,
  log: Log,
): { stop(): void } {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    closeRevokedSessions(sessions, store)
      .catch((e: unknown) => log.error('checking for revoked invitations failed', e))
      .finally(() => {
        running = false
      })
  }, everyMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
