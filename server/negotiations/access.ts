import { randomBytes } from 'node:crypto'
import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { may } from '../../shared/protocol/roles'
import { metaRoomName, textRoot } from '../../shared/protocol/rooms'
import { pinnedText } from '../../shared/positions/pinned'
import { docFromJSON } from '../../shared/schema/schema'
import { mayAccess, type Identity } from '../auth/identity'
import type { Room } from '../core/room'
import type { RoomRegistry } from '../core/rooms'
import { ApiError, forbidden, invalid, notFound } from '../errors'
import { docFromText } from './text'
import type { Negotiation, Storage } from '../storage/types'
import { clauseIds } from './clauses'
import type { TextSource } from '../workers/tasks'

/** The state vector of a client that has nothing: the room answers it with its whole state. */
const emptyStateVector = Y.encodeStateVector(new Y.Doc())

/** A new record id: `PREFIX-` and 64 random bits. */
export const newId = (prefix: string) => `${prefix}-${randomBytes(8).toString('base64url')}`

/** What every negotiation service starts from: whether an identity may open a negotiation at all, the rooms
 *  (the live text, and the meta room it publishes to), and the checks several services share. */
export class NegotiationAccess {
  constructor(
    readonly storage: Storage,
    private readonly rooms: RoomRegistry,
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

  /** What `read` finds in the store, once `who` may open negotiation `id` (everybody who may open it may read). */
  async read<T>(who: Identity, id: string, read: (storage: Storage) => Promise<T>): Promise<T> {
    await this.require(who, id)
    return read(this.storage)
  }

  /** The state `who` speaks for, when a delegation: anyone else is refused with `refusal` (a 403), and so is a
   *  body that names another state. */
  speakerState(who: Identity, body: unknown, refusal: string): string {
    if (!may(who.role, 'speak-for-state') || !who.state) throw forbidden(refusal)
    const claimed = (body as { state?: unknown } | null)?.state
    if (claimed !== undefined && claimed !== who.state)
      throw forbidden(`your invitation speaks for ${who.state}, not for ${String(claimed)}`)
    return who.state
  }

  /** A loaded room, or a 404. */
  async room(name: string): Promise<Room> {
    const room = await this.rooms.open(name)
    if (!room) throw notFound(`room '${name}'`)
    await room.ready
    return room
  }

  /** Changes the negotiation's meta room (as the server), which pushes the change to every client. */
  async publish(negotiationId: string, change: (doc: Y.Doc) => void): Promise<void> {
    const meta = await this.room(metaRoomName(negotiationId))
    await meta.change(change)
  }

  /** The live text as a checked ProseMirror document, or a 409 when it no longer fits the schema. */
  async liveDoc(negotiation: Negotiation, readingName = 'Live text'): Promise<Node> {
    const room = await this.room(negotiation.id)
    try {
      return docFromText(room.currentDoc(), { title: negotiation.title, reading: readingName })
    } catch (e) {
      throw new ApiError(
        409,
        'text-invalid',
        `the live text does not fit the schema (${(e as Error).message}); undo the last edit and try again`,
      )
    }
  }

  /** The live text as a worker renders it: its Yjs state, encoded once per
   *  change of the text (the room keeps it for sync requests), so the event
   *  loop does no work per export; building the document is the worker's. */
  async liveSource(negotiation: Negotiation, readingName = 'Live text'): Promise<TextSource> {
    const room = await this.room(negotiation.id)
    return {
      kind: 'live',
      state: room.stateFor(emptyStateVector),
      meta: { title: negotiation.title, reading: readingName },
    }
  }

  /** The ids of the clauses of the live text, in order. */
  async liveClauseIds(negotiationId: string): Promise<string[]> {
    return clauseIds((await this.room(negotiationId)).currentDoc().getXmlFragment(textRoot))
  }

  /** A 400 naming the field unless the clause is in the reading (or, with no
   *  reading, in the live text); its text there, as positions pin it. */
  async requireClause(negotiationId: string, clauseId: string, readingId: string | null): Promise<string> {
    return pinnedText(await this.requireClauseNode(negotiationId, clauseId, readingId))
  }

  /** A 400 naming the field unless the clause is in the reading (or, with no
   *  reading, in the live text); the clause there. */
  async requireClauseNode(negotiationId: string, clauseId: string, readingId: string | null): Promise<Node> {
    let doc: Node
    if (readingId) {
      const reading = await this.storage.readings.get(negotiationId, readingId)
      if (!reading)
        throw invalid(`no reading '${readingId}' in this negotiation`, [
          { field: 'reading', message: 'no such reading' },
        ])
      doc = docFromJSON(reading.doc)
    } else {
      doc = docFromText((await this.room(negotiationId)).currentDoc())
    }
    let found: Node | null = null
    doc.descendants((n) => {
      if (found) return false
      if (n.type.name !== 'clause') return true
      if (n.attrs.id === clauseId) found = n
      return false
    })
    if (!found) {
      throw invalid(`no clause '${clauseId}' in ${readingId ? 'that reading' : 'the live text'}`, [
        { field: 'clauseId', message: 'no such clause' },
      ])
    }
    return found
  }
}
