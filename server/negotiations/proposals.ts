import { type Proposal, validateProposalInput } from '../../shared/positions/position'
import { may } from '../../shared/protocol/roles'
import type { Identity } from '../auth/identity'
import { forbidden, invalid, notFound } from '../errors'
import { newId, type NegotiationAccess } from './access'
import { metaTypes } from './meta'

/** Wording a delegation proposes for a clause, and the chair or an editor marking it inserted into the text;
 *  pushed to every client through the meta room. */
export class ProposalService {
  constructor(private readonly access: NegotiationAccess) {}

  async list(who: Identity, id: string): Promise<Proposal[]> {
    await this.access.require(who, id)
    return this.access.storage.proposals.list(id)
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
    await this.access.requireClause(id, checked.value.clauseId, null)
    return this.save({
      id: newId('q'),
      negotiationId: id,
      state,
      clauseId: checked.value.clauseId,
      target: checked.value.target ?? null,
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

  private async save(proposal: Proposal): Promise<Proposal> {
    await this.access.storage.proposals.put(proposal)
    await this.access.publish(proposal.negotiationId, (doc) => metaTypes.proposals(doc).set(proposal.id, proposal))
    return proposal
  }
}
