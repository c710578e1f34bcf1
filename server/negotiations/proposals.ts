import { anchorOf } from '../../shared/positions/anchor'
import { type Proposal, type ProposalStatus, validateProposalInput } from '../../shared/positions/position'
import { may } from '../../shared/protocol/roles'
import { speaksFor, type Identity } from '../auth/identity'
import { ApiError, forbidden, invalid, notFound } from '../errors'
import { newId, type NegotiationAccess } from './access'
import { metaTypes } from './meta'

/** What may happen to an open (or closed) proposal besides its insertion. */
export type ProposalChange = 'decline' | 'withdraw' | 'reopen'

const longestReason = 2000

/** Wording a delegation proposes for a clause, and the chair or an editor marking it inserted into the text;
 *  then its life after: declined by the chair or an editor (saying why), withdrawn by its delegation, and
 *  reopened by whoever closed it. Pushed to every client through the meta room. */
export class ProposalService {
  constructor(private readonly access: NegotiationAccess) {}

  list(who: Identity, id: string): Promise<Proposal[]> {
    return this.access.read(who, id, (storage) => storage.proposals.list(id))
  }

  async create(who: Identity, id: string, body: unknown): Promise<Proposal> {
    await this.access.require(who, id)
    const state = this.access.speakerState(
      who,
      body,
      `a ${who.role} cannot make proposals: only a delegation proposes wording for its state`,
    )
    const checked = validateProposalInput(body)
    if (!checked.ok)
      throw invalid(`the proposal is not valid: ${checked.errors.map((e) => e.message).join('; ')}`, checked.errors)
    const clause = await this.access.requireClauseNode(id, checked.value.clauseId, null)
    const target = checked.value.target?.trim() || null
    // Words that do not stand in one run of the clause (across a bracket, say) get no anchor: the chair
    // places such a proposal when inserting it.
    const anchor = target === null ? null : anchorOf(clause, target, checked.value.occurrence ?? 0)
    return this.save({
      id: newId('q'),
      negotiationId: id,
      state,
      clauseId: checked.value.clauseId,
      target,
      ...(anchor && { anchor }),
      text: checked.value.text,
      comment: checked.value.comment ?? '',
      author: who.name,
      createdAt: new Date().toISOString(),
      status: 'open',
    })
  }

  async markInserted(who: Identity, id: string, pid: string): Promise<Proposal> {
    await this.access.require(who, id)
    if (!may(who.role, 'insert-proposals'))
      throw forbidden('only the chair or an editor marks a proposal as inserted into the text')
    const old = await this.access.storage.proposals.get(id, pid)
    if (!old) throw notFound(`proposal '${pid}'`)
    return this.save({ ...old, status: 'inserted' })
  }

  /** Declines (with a reason), withdraws or reopens proposal `pid`, or refuses with why. */
  async change(who: Identity, id: string, pid: string, change: ProposalChange, body: unknown): Promise<Proposal> {
    await this.access.require(who, id)
    const old = await this.access.storage.proposals.get(id, pid)
    if (!old) throw notFound(`proposal '${pid}'`)
    const status = statusAfter(who, old, change)
    const reason = change === 'decline' ? reasonOf(body) : undefined
    const { reason: _previous, ...rest } = old
    return this.save({
      ...rest,
      status,
      ...(reason !== undefined && { reason }),
      decided: { by: who.name, at: new Date().toISOString() },
    })
  }

  private async save(proposal: Proposal): Promise<Proposal> {
    await this.access.storage.proposals.put(proposal)
    await this.access.publish(proposal.negotiationId, (doc) => metaTypes.proposals(doc).set(proposal.id, proposal))
    return proposal
  }
}

/** The status a change leads to, if this user may make it from where the proposal stands. */
function statusAfter(who: Identity, p: Proposal, change: ProposalChange): ProposalStatus {
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
