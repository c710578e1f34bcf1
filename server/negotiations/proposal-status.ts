import type * as Y from 'yjs'
import type { Proposal, ProposalStatus } from '../../shared/positions/position'
import { may } from '../../shared/protocol/roles'
import { metaRoomName } from '../../shared/protocol/rooms'
import { speaksFor, type Identity } from '../auth/identity'
import type { RoomRegistry } from '../core/rooms'
import { ApiError, forbidden, invalid, notFound } from '../errors'
import type { Storage } from '../storage/types'
import { metaTypes } from './meta'
import type { NegotiationService } from './service'

/** What may happen to a proposal, and who may do it. */
type Change = 'decline' | 'withdraw' | 'reopen'

const longestReason = 2000

/** A proposal's life after it is made: the chair or an editor declines it
 *  (saying why), its delegation withdraws it, and either reopens what they
 *  closed. Each change is stored and published to the meta room, so every
 *  panel and list shows the status at once. */
export class ProposalStatuses {
  constructor(
    private readonly negotiations: NegotiationService,
    private readonly storage: Storage,
    private readonly rooms: RoomRegistry,
  ) {}

  /** Applies `change` to proposal `pid`, or refuses it with a reason. */
  async change(who: Identity, id: string, pid: string, change: Change, body: unknown): Promise<Proposal> {
    await this.negotiations.require(who, id)
    const old = await this.storage.proposals.get(id, pid)
    if (!old) throw notFound(`proposal '${pid}'`)
    const status = this.allowed(who, old, change)
    const reason = change === 'decline' ? reasonOf(body) : undefined
    const { reason: _old, ...rest } = old
    const proposal: Proposal = {
      ...rest,
      status,
      ...(reason !== undefined && { reason }),
      decided: { by: who.name, at: new Date().toISOString() },
    }
    await this.storage.proposals.put(proposal)
    const meta = await this.rooms.open(metaRoomName(id))
    if (!meta) throw notFound(`room '${metaRoomName(id)}'`)
    await meta.ready
    await meta.change((doc: Y.Doc) => metaTypes.proposals(doc).set(proposal.id, proposal))
    return proposal
  }

  /** The status a change leads to, if this user may make it from where the proposal stands. */
  private allowed(who: Identity, p: Proposal, change: Change): ProposalStatus {
    const decides = may(who.role, 'insert-proposals')
    const own = speaksFor(who, p.state)
    if (change === 'decline') {
      if (!decides) throw forbidden('only the chair or an editor declines a proposal')
      if (p.status !== 'open') throw conflict(p, 'declined')
      return 'declined'
    }
    if (change === 'withdraw') {
      if (!own) throw forbidden(`this proposal is ${p.state}'s; only its delegation withdraws it`)
      if (p.status !== 'open') throw conflict(p, 'withdrawn')
      return 'withdrawn'
    }
    if (p.status === 'declined' && !decides) throw forbidden('only the chair or an editor reopens a declined proposal')
    if (p.status === 'withdrawn' && !own) throw forbidden(`only ${p.state}'s delegation reopens its withdrawn proposal`)
    if (p.status !== 'declined' && p.status !== 'withdrawn') throw conflict(p, 'reopened')
    return 'open'
  }
}

const conflict = (p: Proposal, doing: string) =>
  new ApiError(409, 'proposal-status', `this proposal is ${p.status}, so it cannot be ${doing}`)

function reasonOf(body: unknown): string {
  const reason = (body as { reason?: unknown } | null)?.reason
  if (typeof reason !== 'string' || !reason.trim() || reason.length > longestReason)
    throw invalid(`say why the proposal is declined (1 to ${longestReason} characters)`, [
      { field: 'reason', message: 'required' },
    ])
  return reason.trim()
}
