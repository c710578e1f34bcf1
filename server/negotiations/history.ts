import type { HistoryEntry } from '../../shared/protocol/wire'
import type { Identity } from '../auth/identity'
import { notFound } from '../errors'
import type { NegotiationAccess } from './access'

/** Who changed a clause and when, from the update log. */
export class HistoryService {
  constructor(private readonly access: NegotiationAccess) {}

  /** A clause's history, oldest first; a 404 for a clause that neither has one nor is in the live text. */
  async clause(who: Identity, id: string, clauseId: string): Promise<HistoryEntry[]> {
    await this.access.require(who, id)
    const lines = await this.access.storage.documents.clauseHistory(id, clauseId)
    if (!lines.length && !(await this.access.liveClauseIds(id)).includes(clauseId)) {
      throw notFound(`clause '${clauseId}'`)
    }
    return lines.map(({ at, author, kind }) => ({ at, author, kind }))
  }
}
