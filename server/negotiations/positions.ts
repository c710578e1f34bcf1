import { docFromJSON } from '../../shared/schema/schema'
import { serializeInline } from '../../shared/notation/inline'
import { wordsInClause } from '../../shared/positions/words'
import { type MatrixAsOf, matrixAsOf } from '../../shared/positions/as-of'
import { type Position, type PositionInput, validatePositionInput } from '../../shared/positions/position'
import { speaksFor, type Identity } from '../auth/identity'
import { forbidden, invalid, notFound } from '../errors'
import { newId, type NegotiationAccess } from './access'
import { metaTypes } from './meta'
import type { Reading, ReadingSummary, Storage } from '../storage/types'

/** States' positions on clauses: read by everybody, written by each state's own delegation only, and pushed
 *  to every client through the meta room. */
export class PositionService {
  constructor(private readonly access: NegotiationAccess) {}

  list(who: Identity, id: string): Promise<Position[]> {
    return this.access.read(who, id, (storage) => storage.positions.list(id))
  }

  /** The positions matrix as of a frozen reading (`live`: the live text):
   *  that reading's clauses, the positions recorded up to it, and which of
   *  them were recorded on a text of the clause other than that reading's. */
  async matrix(who: Identity, id: string, reading: string | null): Promise<MatrixAsOf> {
    const negotiation = await this.access.require(who, id)
    const { storage } = this.access
    const readings = await storage.readings.list(id)
    if (!reading || reading === 'live')
      return matrixAsOf(await this.access.liveDoc(negotiation), await storage.positions.list(id), readings, null)
    const frozen = await storage.readings.get(id, reading)
    if (!frozen)
      throw invalid(`reading: no reading '${reading}' in this negotiation`, [
        { field: 'reading', message: 'no such reading' },
      ])
    return readingMatrix(storage, frozen, readings)
  }

  async create(who: Identity, id: string, body: unknown): Promise<Position> {
    await this.access.require(who, id)
    const { state, input, clauseText } = await this.checked(who, id, body)
    const now = new Date().toISOString()
    return this.save({
      id: newId('p'),
      negotiationId: id,
      state,
      ...stated(input, who),
      clauseText,
      createdAt: now,
      updatedAt: now,
    })
  }

  async update(who: Identity, id: string, pid: string, body: unknown): Promise<Position> {
    await this.access.require(who, id)
    const old = await this.own(who, id, pid)
    const { input, clauseText } = await this.checked(who, id, body)
    return this.save({ ...old, ...stated(input, who), clauseText, updatedAt: new Date().toISOString() })
  }

  async delete(who: Identity, id: string, pid: string): Promise<void> {
    await this.access.require(who, id)
    await this.own(who, id, pid)
    await this.access.storage.positions.delete(id, pid)
    await this.access.publish(id, (doc) => metaTypes.positions(doc).delete(pid))
  }

  /** The speaker's state and the valid input, its clause checked against the
   *  text it is pinned to, and the clause's text there (SPEC: positions know
   *  their reading). */
  private async checked(
    who: Identity,
    id: string,
    body: unknown,
  ): Promise<{ state: string; input: PositionInput; clauseText: string }> {
    const state = this.access.speakerState(
      who,
      body,
      `a ${who.role} cannot record positions: only a delegation records its own state's positions`,
    )
    const checked = validatePositionInput(body)
    if (!checked.ok)
      throw invalid(`the position is not valid: ${checked.errors.map((e) => e.message).join('; ')}`, checked.errors)
    const clauseText = await this.access.requireClause(id, checked.value.clauseId, checked.value.reading ?? null)
    if (checked.value.target?.trim()) await this.requireWords(who, id, checked.value)
    return { state, input: checked.value, clauseText }
  }

  /** A 400 unless the position's words stand in its clause (as it reads in
   *  the reading it is pinned to, or in the live text). */
  private async requireWords(who: Identity, id: string, input: PositionInput): Promise<void> {
    const reading = input.reading ? await this.access.storage.readings.get(id, input.reading) : null
    const doc = reading ? docFromJSON(reading.doc) : await this.access.liveDoc(await this.access.require(who, id))
    let text = ''
    doc.descendants((node) => {
      if (node.type.name === 'clause' && node.attrs.id === input.clauseId) text = serializeInline(node.content)
      return !text && node.type.name !== 'clause'
    })
    if (!wordsInClause(input.target ?? '', text))
      throw invalid(
        `“${input.target}” is not in that clause: quote words of the clause, or give no target for all of it`,
        [{ field: 'target', message: 'not in the clause' }],
      )
  }

  private async own(who: Identity, id: string, pid: string): Promise<Position> {
    const position = await this.access.storage.positions.get(id, pid)
    if (!position) throw notFound(`position '${pid}'`)
    if (!speaksFor(who, position.state))
      throw forbidden(`this position belongs to ${position.state}; only its delegation may change it`)
    return position
  }

  private async save(position: Position): Promise<Position> {
    await this.access.storage.positions.put(position)
    await this.access.publish(position.negotiationId, (doc) => metaTypes.positions(doc).set(position.id, position))
    return position
  }
}

/** The positions matrix of a frozen reading: its clauses, and the positions
 *  recorded up to it as they stood while it was the latest reading, that is
 *  until the next one was frozen (a stance changed or withdrawn after that
 *  shows as it was then); the latest reading's shows them as they are. */
export async function readingMatrix(
  storage: Storage,
  reading: Reading,
  readings: readonly ReadingSummary[],
): Promise<MatrixAsOf> {
  const asOf = { id: reading.id, name: reading.name, createdAt: reading.createdAt }
  const next = readings
    .filter((r) => r.createdAt > reading.createdAt)
    .reduce<ReadingSummary | null>((first, r) => (first && first.createdAt <= r.createdAt ? first : r), null)
  const positions = next
    ? await storage.positions.listAsOf(reading.negotiationId, next.createdAt)
    : await storage.positions.list(reading.negotiationId)
  return matrixAsOf(docFromJSON(reading.doc), positions, readings, asOf)
}

/** What a position says, from the checked input (defaults filled in) and who said it. */
function stated(
  input: PositionInput,
  who: Identity,
): Omit<Position, 'id' | 'negotiationId' | 'state' | 'createdAt' | 'updatedAt'> {
  return {
    clauseId: input.clauseId,
    target: input.target ?? null,
    stance: input.stance,
    comment: input.comment ?? '',
    source: input.source ?? '',
    reading: input.reading ?? null,
    author: who.name,
  }
}
