import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { countBrackets } from '../../shared/brackets/groups'
import { may } from '../../shared/protocol/roles'
import { isCalendarDay } from '../../shared/schema/day'
import { docFromJSON } from '../../shared/schema/schema'
import { authorOf, type Identity } from '../auth/identity'
import { ApiError, forbidden, invalid, notFound } from '../errors'
import type { Negotiation, Reading, ReadingSummary } from '../storage/types'
import { newId, type NegotiationAccess } from './access'
import { metaTypes } from './meta'
import { textUpdateFromDoc } from './text'
import type { TextAt } from '../workers'

/** Frozen readings: the live text frozen by the chair, or a text from a file added as one; their text
 *  immutable once made (the chair may rename them and note them), listed in the meta room. */
export class ReadingService {
  constructor(private readonly access: NegotiationAccess) {}

  list(who: Identity, id: string): Promise<ReadingSummary[]> {
    return this.access.read(who, id, (storage) => storage.readings.list(id))
  }

  /** Freezes the live text as a named, dated, immutable reading. */
  async freeze(who: Identity, id: string, body: unknown): Promise<ReadingSummary> {
    const negotiation = await this.access.require(who, id)
    if (!may(who.role, 'manage-readings')) throw forbidden('only the chair freezes readings')
    const input = readingInput(body)
    if (await this.nameTaken(id, input.name))
      throw new ApiError(
        409,
        'reading-name-taken',
        `a reading is already called “${input.name}”: give this one another name`,
      )
    const room = await this.access.room(id)
    const doc = await this.access.liveDoc(negotiation, input.name)
    return this.store(who, negotiation, doc, input, Y.encodeStateAsUpdate(room.currentDoc()))
  }

  /** Renames a reading and sets its note (`{ name?, note? }`, each kept when absent): the chair only; names
   *  stay unique. The text is untouched; its exports carry the new name. */
  async relabel(who: Identity, id: string, rid: string, body: unknown): Promise<ReadingSummary> {
    await this.access.require(who, id)
    if (!may(who.role, 'manage-readings')) throw forbidden('only the chair renames readings and notes them')
    const current = (await this.access.storage.readings.list(id)).find((r) => r.id === rid)
    if (!current) throw notFound(`reading '${rid}'`)
    const input = (body ?? {}) as { name?: unknown; note?: unknown }
    const name = input.name === undefined ? current.name : nameOf(input.name)
    const note = input.note === undefined ? current.note : noteOf(input.note)
    if (await this.nameTaken(id, name, rid))
      throw new ApiError(409, 'reading-name-taken', `a reading is already called “${name}”: choose another name`)
    if (!(await this.access.storage.readings.relabel(id, rid, { name, note }))) throw notFound(`reading '${rid}'`)
    const summary = { ...current, name, note }
    await this.access.publish(id, (meta) => {
      const list = metaTypes.readings(meta)
      const at = list.toArray().findIndex((r) => r.id === rid)
      if (at < 0) return
      list.delete(at, 1)
      list.insert(at, [summary])
    })
    return summary
  }

  /** Adds a text from outside (an uploaded file, read by `load` once the
   *  caller may add readings, with its Yjs update when made already) as a reading, so that two versions circulated
   *  elsewhere can be compared. Its name and date default to the file's own
   *  (its `reading` and `date` metadata), then to `fallbackName` and today. */
  async importReading(
    who: Identity,
    id: string,
    load: () => Promise<{ doc: Node; update?: Uint8Array }>,
    input: { name?: string; date?: string; fallbackName: string },
  ): Promise<ReadingSummary> {
    const negotiation = await this.access.require(who, id)
    if (!may(who.role, 'manage-readings')) throw forbidden('only the chair adds readings')
    const { doc, update } = await load()
    const meta = doc.attrs.meta as Record<string, string>
    const fields = readingInput({
      name: input.name ?? meta.reading ?? input.fallbackName,
      date: input.date ?? validDay(meta.date),
    })
    // A file's own name for itself may repeat a reading's: it is told apart, not refused.
    for (let n = 2, base = fields.name; await this.nameTaken(id, fields.name); n++) fields.name = `${base} (${n})`
    return this.store(who, negotiation, doc, fields, update ?? textUpdateFromDoc(doc))
  }

  /** Whether a reading of the negotiation (but `except`) has this name (case and spacing aside). */
  private async nameTaken(id: string, name: string, except: string | null = null): Promise<boolean> {
    const fold = (n: string) => n.replace(/\s+/g, ' ').trim().toLowerCase()
    return (await this.access.storage.readings.list(id)).some((r) => r.id !== except && fold(r.name) === fold(name))
  }

  /** A reading with its text, whose metadata names it as it is called now. */
  async get(who: Identity, id: string, rid: string): Promise<Reading> {
    await this.access.require(who, id)
    const reading = await this.access.storage.readings.get(id, rid)
    if (!reading) throw notFound(`reading '${rid}'`)
    const doc = reading.doc as { attrs?: { meta?: Record<string, string> } }
    const meta = doc.attrs?.meta
    if (!meta || meta.reading === reading.name) return reading
    return { ...reading, doc: { ...doc, attrs: { ...doc.attrs, meta: { ...meta, reading: reading.name } } } }
  }

  /** The text at `ref`, to render: a reading's id, or `live` for the live
   *  text; `param` names the query parameter in errors. */
  async textAt(who: Identity, negotiation: Negotiation, ref: string | null, param: string): Promise<TextAt> {
    if (!ref) throw invalid(`give ${param}=READING_ID or ${param}=live`, [{ field: param, message: 'required' }])
    if (ref === 'live') return { source: await this.access.liveSource(negotiation), name: 'live text', version: null }
    const reading = await this.get(who, negotiation.id, ref).catch((e: unknown) => {
      throw e instanceof ApiError && e.status === 404
        ? invalid(`${param}: no reading '${ref}' in this negotiation`, [{ field: param, message: 'no such reading' }])
        : e
    })
    return readingText(reading)
  }

  private async store(
    who: Identity,
    negotiation: Negotiation,
    doc: Node,
    input: { name: string; date: string; note?: string },
    state: Uint8Array,
  ): Promise<ReadingSummary> {
    const { name, date, note = '' } = input
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
      note,
    }
    await this.access.storage.readings.create(reading)
    const { doc: _d, state: _s, negotiationId: _n, ...summary } = reading
    await this.access.publish(negotiation.id, (meta) => metaTypes.readings(meta).push([summary]))
    return summary
  }
}

/** A frozen reading as a text to render, versioned by what names it (it
 *  never changes under them), so that its files are cached. */
export function readingText(reading: Reading): TextAt {
  return {
    source: { kind: 'reading', doc: reading.doc },
    name: reading.name,
    version: JSON.stringify([reading.negotiationId, reading.id, reading.name, reading.date]),
  }
}

/** A `YYYY-MM-DD` day, or undefined for anything else (a file's own date). */
function validDay(value: string | undefined): string | undefined {
  return isCalendarDay(value) ? value : undefined
}

/** The longest note a reading takes. */
const maxNote = 2000

function nameOf(name: unknown): string {
  if (typeof name !== 'string' || !name.trim() || name.length > 200) {
    throw invalid('a reading needs a name (1 to 200 characters), e.g. "Second reading"', [
      { field: 'name', message: 'required' },
    ])
  }
  return name.trim()
}

function noteOf(note: unknown): string {
  if (typeof note !== 'string' || note.length > maxNote)
    throw invalid(`a note is text of at most ${maxNote} characters`, [{ field: 'note', message: 'expected text' }])
  return note.trim()
}

function readingInput(body: unknown): { name: string; date: string; note: string } {
  const input = (body ?? {}) as { name?: unknown; date?: unknown; note?: unknown }
  const name = nameOf(input.name)
  const note = input.note === undefined ? '' : noteOf(input.note)
  const date = input.date ?? new Date().toISOString().slice(0, 10)
  if (!isCalendarDay(date)) {
    throw invalid('date must be a day that exists, as YYYY-MM-DD (2024-02-29, not 2024-02-31)', [
      { field: 'date', message: 'expected a real day as YYYY-MM-DD' },
    ])
  }
  return { name, date, note }
}
