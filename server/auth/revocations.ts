import { CloseCode } from '../core/close-codes'
import type { RoomRegistry } from '../core/rooms'
import type { Log } from '../log'
import type { TokenStore } from '../storage/types'
import { revokedMessage } from './tokens'

/** Closes (4401) every session whose invitation has been revoked since it
 *  connected. The API closes sessions itself when it revokes; this catches
 *  revocations written by another process, `rolling-text invite --revoke`. */
export async function closeRevokedSessions(
  rooms: Pick<RoomRegistry, 'tokenIds' | 'disconnect'>,
  store: Pick<TokenStore, 'get'>,
): Promise<string[]> {
  const revoked: string[] = []
  for (const id of rooms.tokenIds()) {
    if ((await store.get(id))?.revokedAt) revoked.push(id)
  }
  for (const id of revoked) rooms.disconnect(id, CloseCode.unauthorized, revokedMessage)
  return revoked
}

/** Runs closeRevokedSessions every `everyMs` until stopped; a check that
 *  fails is logged and tried again at the next tick. */
export function watchRevocations(rooms: RoomRegistry, store: TokenStore, everyMs: number, log: Log): { stop(): void } {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    closeRevokedSessions(rooms, store)
      .catch((e: unknown) => log.error('checking for revoked invitations failed', e))
      .finally(() => {
        running = false
      })
  }, everyMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
