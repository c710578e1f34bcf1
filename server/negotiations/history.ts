import { type ReadingHistory, readingHistory } from '../../shared/diff/history'
import type { HistoryEntry } from '../../shared/protocol/wire'
import { docFromJSON } from '../../shared/schema/schema'
import type { Identity } from '../auth/identity'
import { ApiError, notFound } from '../errors'
import type { NegotiationAccess } from './access'

/** Who changed a clause and when, from the update log; and the life of
 *  every clause across the frozen readings. */
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

  /** Every clause followed through the negotiation's frozen readings, oldest
   *  first (SPEC.md D14), with the negotiation's title; a 409 before the
   *  first reading is frozen. */
  async acrossReadings(who: Identity, id: string): Promise<{ history: ReadingHistory; title: string }> {
    const negotiation = await this.access.require(who, id)
    const { readings } = this.access.storage
    const list = [...(await readings.list(id))].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    if (!list.length) throw new ApiError(409, 'no-readings', 'no reading is frozen yet: the history follows readings')
    const docs = await Promise.all(
      list.map(async (summary) => {
        const reading = await readings.get(id, summary.id)
        if (!reading) throw notFound(`reading '${summary.id}'`)
        return { name: reading.name, doc: docFromJSON(reading.doc) }
      }),
    )
    return { history: readingHistory(docs), title: negotiation.title }
  }
}
