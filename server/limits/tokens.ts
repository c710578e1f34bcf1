import { TokenBucket, type Limits } from './index'

/** What one invitation may still do, shared by all its connections. */
export interface TokenBudget {
  /** Sync requests (each answered with the document). */
  readonly sync: TokenBucket
  /** Presence updates. */
  readonly presence: TokenBucket
  /** Gives back the connection slot taken by `TokenBudgets.open`. */
  release(): void
}

interface Entry {
  connections: number
  sync: TokenBucket
  presence: TokenBucket
  idleSince: number
}

type BudgetLimits = Pick<
  Limits,
  'maxConnectionsPerToken' | 'tokenSyncPerSecond' | 'tokenSyncBurst' | 'tokenPresencePerSecond' | 'tokenPresenceBurst'
>

// An invitation's buckets outlive its connections for a while, so that
// closing and reopening sockets does not refill them.
const keepIdleMs = 60_000

/** Per-invitation limits: how many connections one link holds open, and
 *  the sync and presence rates all of them share. */
export class TokenBudgets {
  private entries = new Map<string, Entry>()

  constructor(
    private readonly limits: BudgetLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A connection slot for `tokenId` and the budget it shares, or null when
   *  the invitation already holds `maxConnectionsPerToken` connections. */
  open(tokenId: string): TokenBudget | null {
    this.sweep()
    const l = this.limits
    let entry = this.entries.get(tokenId)
    if (!entry) {
      entry = {
        connections: 0,
        sync: new TokenBucket(l.tokenSyncPerSecond, l.tokenSyncBurst, this.now),
        presence: new TokenBucket(l.tokenPresencePerSecond, l.tokenPresenceBurst, this.now),
        idleSince: this.now(),
      }
      this.entries.set(tokenId, entry)
    }
    if (entry.connections >= l.maxConnectionsPerToken) return null
    entry.connections++
    const held = entry
    let released = false
    return {
      sync: held.sync,
      presence: held.presence,
      release: () => {
        if (released) return
        released = true
        held.connections--
        if (held.connections === 0) held.idleSince = this.now()
      },
    }
  }

  /** Connections open under `tokenId`. */
  connections(tokenId: string): number {
    return this.entries.get(tokenId)?.connections ?? 0
  }

  private sweep(): void {
    const t = this.now()
    for (const [id, e] of this.entries) if (e.connections === 0 && t - e.idleSince > keepIdleMs) this.entries.delete(id)
  }
}

/** A budget of its own, for a connection made outside the sync endpoint
 *  (tests, tools): the per-invitation rates apply to it alone. */
export function ownBudget(limits: BudgetLimits): TokenBudget {
  return {
    sync: new TokenBucket(limits.tokenSyncPerSecond, limits.tokenSyncBurst),
    presence: new TokenBucket(limits.tokenPresencePerSecond, limits.tokenPresenceBurst),
    release() {},
  }
}
