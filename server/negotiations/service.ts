import { randomBytes } from 'node:crypto'
import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { countBrackets } from '../../shared/brackets/groups'
import type { ReadingDiff } from '../../shared/diff/types'
import { present } from '../../shared/present'
import {
  validatePositionInput,
  validateProposalInput,
  type Position,
  type PositionInput,
  type Proposal,
} from '../../shared/positions/position'
import { isCalendarDay } from '../../shared/schema/day'
import { docFromJSON } from '../../shared/schema/schema'
import { authorOf, mayAccess, speaksFor, type Identity } from '../auth/identity'
import { metaRoomName, textRoot } from '../../shared/protocol/rooms'
import { clauseIds } from '../core/clauses'
import type { Room } from '../core/room'
import type { RoomRegistry } from '../core/rooms'
import { ApiError, forbidden, invalid, notFound } from '../errors'
import { may } from '../../shared/protocol/roles'
import type { HistoryEntry } from '../../shared/protocol/wire'
import type { Negotiation, Reading, ReadingSummary, Storage } from '../storage/types'
import type { DiffEngine } from './diff'
import { metaTypes } from './meta'
import { docFromText, textUpdateFromDoc } from './text'

const newId = (prefix: string) => `${prefix}-${randomBytes(8).toString('base64url')}`

/** The negotiation operations behind the HTTP API: who may do what, input
 *  checks against the live text, storage, and publishing to the meta room. */
export class NegotiationService {
  constructor(
    private readonly storage: Storage,
    private readonly rooms: RoomRegistry,
    private readonly diffEngine: DiffEngine,
  ) {}

  /** The negotiations this identity may open. */
  async list(who: Identity): Promise<Negotiation[]> {
    return (await this.storage.negotiations.list()).filter((n) => mayAccess(who, n.id))
  }

  /** A negotiation this identity may open, or a 404/403 saying why not. */
  async require(who: Identity, id: string): Promise<Negotiation> {
    const negotiation = await this.storage.negotiations.get(id)
    if (!negotiation) throw notFound(`negotiation '${id}'`)
    if (!mayAccess(who, id)) throw forbidden(`your invitation is for another negotiation ('${who.negotiation}')`)
    return negotiation
  }

  private async room(name: string): Promise<Room> {
    const room = await this.rooms.open(name)
    if (!room) throw notFound(`room '${name}'`)
    await room.ready
    return room
  }

  private async publish(negotiationId: string, change: (doc: Y.Doc) => void): Promise<void> {
    const meta = await this.room(metaRoomName(negotiationId))
    await meta.change(change)
  }

  /** The live text as a checked ProseMirror document. */
  async liveDoc(negotiation: Negotiation, readingName = 'Live text'): Promise<Node> {
    const room = await this.room(negotiation.id)
    try {
      return docFromText(room.doc, { title: negotiation.title, reading: readingName })
    } catch (e) {
      throw new ApiError(
        409,
        'text-invalid',
        `the live text does not fit the schema (${(e as Error).message}); undo the last edit and try again`,
      )
    }
  }

  private async requireClause(negotiationId: string, clauseId: string, readingId: string | null): Promise<void> {
    let ids: string[]
    if (readingId) {
      const reading = await this.storage.readings.get(negotiationId, readingId)
      if (!reading)
        throw invalid(`no reading '${readingId}' in this negotiation`, [
          { field: 'reading', message: 'no such reading' },
        ])
      ids = []
      docFromJSON(reading.doc).descendants((n) => {
        if (n.type.name === 'clause' && n.attrs.id) ids.push(n.attrs.id as string)
      })
    } else {
      ids = clauseIds((await this.room(negotiationId)).doc.getXmlFragment(textRoot))
    }
    if (!ids.includes(clauseId)) {
      throw invalid(`no clause '${clauseId}' in ${readingId ? 'that reading' : 'the live text'}`, [
        { field: 'clauseId', message: 'no such clause' },
      ])
    }
  }

  // --- positions -----------------------------------------------------------

  async positions(who: Identity, id: string): Promise<Position[]> {
    await this.require(who, id)
    return this.storage.positions.list(id)
  }

  private checkPositionInput(who: Identity, body: unknown): PositionInput {
    if (!may(who.role, 'speak-for-state') || !who.state) {
      throw forbidden(`a ${who.role} cannot record positions: only a delegation records its own state's positions`)
    }
    const claimed = (body as { state?: unknown } | null)?.state
    if (claimed !== undefined && claimed !== who.state) {
      throw forbidden(`your invitation speaks for ${who.state}, not for ${String(claimed)}`)
    }
    const checked = validatePositionInput(body)
    if (!checked.ok)
      throw invalid(`the position is not valid: ${checked.errors.map((e) => e.message).join('; ')}`, checked.errors)
    return checked.value
  }

  async createPosition(who: Identity, id: string, body: unknown): Promise<Position> {
    await this.require(who, id)
    const input = this.checkPositionInput(who, body)
    await this.requireClause(id, input.clauseId, input.reading ?? null)
    const now = new Date().toISOString()
    const position: Position = {
      id: newId('p'),
      negotiationId: id,
      state: present(who.state, 'the state of a delegation'),
      clauseId: input.clauseId,
      target: input.target ?? null,
      stance: input.stance,
      comment: input.comment ?? '',
      source: input.source ?? '',
      reading: input.reading ?? null,
      author: who.name,
      createdAt: now,
      updatedAt: now,
    }
    await this.storage.positions.put(position)
    await this.publish(id, (doc) => metaTypes.positions(doc).set(position.id, position))
    return position
  }

  private async ownPosition(who: Identity, id: string, pid: string): Promise<Position> {
    const position = await this.storage.positions.get(id, pid)
    if (!position) throw notFound(`position '${pid}'`)
    if (!speaksFor(who, position.state))
      throw forbidden(`this position belongs to ${position.state}; only its delegation may change it`)
    return position
  }

  async updatePosition(who: Identity, id: string, pid: string, body: unknown): Promise<Position> {
    await this.require(who, id)
    const old = await this.ownPosition(who, id, pid)
    const input = this.checkPositionInput(who, body)
    await this.requireClause(id, input.clauseId, input.reading ?? null)
    const position: Position = {
      ...old,
      clauseId: input.clauseId,
      target: input.target ?? null,
      stance: input.stance,
      comment: input.comment ?? '',
      source: input.source ?? '',
      reading: input.reading ?? null,
      author: who.name,
      updatedAt: new Date().toISOString(),
    }
    await this.storage.positions.put(position)
    await this.publish(id, (doc) => metaTypes.positions(doc).set(position.id, position))
    return position
  }

  async deletePosition(who: Identity, id: string, pid: string): Promise<void> {
    await this.require(who, id)
    await this.ownPosition(who, id, pid)
    await this.storage.positions.delete(id, pid)
    await this.publish(id, (doc) => metaTypes.positions(doc).delete(pid))
  }

  // --- proposals -----------------------------------------------------------

  async proposals(who: Identity, id: string): Promise<Proposal[]> {
    await this.require(who, id)
    return this.storage.proposals.list(id)
  }

  async createProposal(who: Identity, id: string, body: unknown): Promise<Proposal> {
    await this.require(who, id)
    if (!may(who.role, 'speak-for-state') || !who.state)
      throw forbidden(`a ${who.role} cannot make proposals: only a delegation proposes wording for its state`)
    const claimed = (body as { state?: unknown } | null)?.state
    if (claimed !== undefined && claimed !== who.state)
      throw forbidden(`your invitation speaks for ${who.state}, not for ${String(claimed)}`)
    const checked = validateProposalInput(body)
    if (!checked.ok)
      throw invalid(`the proposal is not valid: ${checked.errors.map((e) => e.message).join('; ')}`, checked.errors)
    await this.requireClause(id, checked.value.clauseId, null)
    const proposal: Proposal = {
      id: newId('q'),
      negotiationId: id,
      state: who.state,
      clauseId: checked.value.clauseId,
      target: checked.value.target ?? null,
      text: checked.value.text,
      comment: checked.value.comment ?? '',
      author: who.name,
      createdAt: new Date().toISOString(),
      status: 'open',
    }
    await this.storage.proposals.put(proposal)
    await this.publish(id, (doc) => metaTypes.proposals(doc).set(proposal.id, proposal))
    return proposal
  }

  async markInserted(who: Identity, id: string, pid: string): Promise<Proposal> {
    await this.require(who, id)
    if (!may(who.role, 'insert-proposals'))
      throw forbidden('only the chair or an editor marks a proposal as inserted into the text')
    const old = await this.storage.proposals.get(id, pid)
    if (!old) throw notFound(`proposal '${pid}'`)
    const proposal: Proposal = { ...old, status: 'inserted' }
    await this.storage.proposals.put(proposal)
    await this.publish(id, (doc) => metaTypes.proposals(doc).set(proposal.id, proposal))
    return proposal
  }

  // --- readings ------------------------------------------------------------

  async readings(who: Identity, id: string): Promise<ReadingSummary[]> {
    await this.require(who, id)
    return this.storage.readings.list(id)
  }

  /** Freezes the live text as a named, dated, immutable reading. */
  async freeze(who: Identity, id: string, body: unknown): Promise<ReadingSummary> {
    const negotiation = await this.require(who, id)
    if (!may(who.role, 'manage-readings')) throw forbidden('only the chair freezes readings')
    const input = readingInput(body)
    const room = await this.room(id)
    const doc = await this.liveDoc(negotiation, input.name)
    return this.storeReading(who, negotiation, doc, input, Y.encodeStateAsUpdate(room.doc))
  }

  /** Adds a text from outside (an uploaded file, read by `load` once the
   *  caller may add readings) as a reading, so that two versions circulated
   *  elsewhere can be compared. Its name and date default to the file's own
   *  (its `reading` and `date` metadata), then to `fallbackName` and today. */
  async importReading(
    who: Identity,
    id: string,
    load: () => Promise<Node>,
    input: { name?: string; date?: string; fallbackName: string },
  ): Promise<ReadingSummary> {
    const negotiation = await this.require(who, id)
    if (!may(who.role, 'manage-readings')) throw forbidden('only the chair adds readings')
    const doc = await load()
    const meta = doc.attrs.meta as Record<string, string>
    const fields = readingInput({
      name: input.name ?? meta.reading ?? input.fallbackName,
      date: input.date ?? validDay(meta.date),
    })
    return this.storeReading(who, negotiation, doc, fields, textUpdateFromDoc(doc))
  }

  private async storeReading(
    who: Identity,
    negotiation: Negotiation,
    doc: Node,
    input: { name: string; date: string },
    state: Uint8Array,
  ): Promise<ReadingSummary> {
    const { name, date } = input
    const dated = docFromJSON({ ...doc.toJSON(), attrs: { meta: { title: negotiation.title, reading: name, date } } })
    const { tokenId: _, ...createdBy } = authorOf(who)
    const reading: Reading = {
      id: newId('r'),
      negotiationId: negotiation.id,
      name,
      date,
      createdAt: new Date().toISOString(),
      createdBy,
      brackets: countBrackets(dated),
      doc: dated.toJSON(),
      state,
    }
    await this.storage.readings.create(reading)
    const { doc: _d, state: _s, negotiationId: _n, ...summary } = reading
    await this.publish(negotiation.id, (meta) => metaTypes.readings(meta).push([summary]))
    return summary
  }

  async reading(who: Identity, id: string, rid: string): Promise<Reading> {
    await this.require(who, id)
    const reading = await this.storage.readings.get(id, rid)
    if (!reading) throw notFound(`reading '${rid}'`)
    return reading
  }

  /** The text at `ref`: a reading's id, or `live` for the live text; `param`
   *  names the query parameter in errors. */
  async textAt(
    who: Identity,
    negotiation: Negotiation,
    ref: string | null,
    param: string,
  ): Promise<{ doc: Node; name: string }> {
    if (!ref) throw invalid(`give ${param}=READING_ID or ${param}=live`, [{ field: param, message: 'required' }])
    if (ref === 'live') return { doc: await this.liveDoc(negotiation), name: 'live text' }
    const reading = await this.reading(who, negotiation.id, ref).catch((e: unknown) => {
      throw e instanceof ApiError && e.status === 404
        ? invalid(`${param}: no reading '${ref}' in this negotiation`, [{ field: param, message: 'no such reading' }])
        : e
    })
    return { doc: docFromJSON(reading.doc), name: reading.name }
  }

  /** Compares two readings (or a reading and the live text) clause by clause. */
  async diff(
    who: Identity,
    id: string,
    from: string | null,
    to: string | null,
  ): Promise<{ diff: ReadingDiff; title: string; from: string; to: string }> {
    const negotiation = await this.require(who, id)
    const [a, b] = [await this.textAt(who, negotiation, from, 'from'), await this.textAt(who, negotiation, to, 'to')]
    return {
      diff: this.diffEngine.diff(a.doc, b.doc),
      title: `${negotiation.title}: ${a.name} → ${b.name}`,
      from: a.name,
      to: b.name,
    }
  }

  /** Renders a comparison as a standalone HTML page. */
  renderDiff(diff: ReadingDiff, title: string): string {
    return this.diffEngine.renderHtml(diff, { title })
  }

  // --- history and invitations ---------------------------------------------

  async history(who: Identity, id: string, clauseId: string): Promise<HistoryEntry[]> {
    await this.require(who, id)
    const lines = await this.storage.documents.clauseHistory(id, clauseId)
    if (!lines.length && !clauseIds((await this.room(id)).doc.getXmlFragment(textRoot)).includes(clauseId)) {
      throw notFound(`clause '${clauseId}'`)
    }
    return lines.map(({ at, author, kind }) => ({ at, author, kind }))
  }
}

/** A `YYYY-MM-DD` day, or undefined for anything else (a file's own date). */
function validDay(value: string | undefined): string | undefined {
  return isCalendarDay(value) ? value : undefined
}

function readingInput(body: unknown): { name: string; date: string } {
  const input = (body ?? {}) as { name?: unknown; date?: unknown }
  if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 200) {
    throw invalid('a reading needs a name (1 to 200 characters), e.g. "Second reading"', [
      { field: 'name', message: 'required' },
    ])
  }
  const date = input.date ?? new Date().toISOString().slice(0, 10)
  if (!isCalendarDay(date)) {
    throw invalid('date must be a day that exists, as YYYY-MM-DD (2024-02-29, not 2024-02-31)', [
      { field: 'date', message: 'expected a real day as YYYY-MM-DD' },
    ])
  }
  return { name: input.name.trim(), date }
}
