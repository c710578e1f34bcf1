import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { type MatrixAsOf, matrixAsOf } from '../../../shared/positions/as-of'
import { docFromText } from '../../negotiations/text'
import { readingMatrix } from '../../negotiations/positions'
import type { Storage } from '../../storage/types'
import { CliError } from '../command'

/** The matrix of one negotiation as of a reading named by name or id (`live`: the live text). */
export async function matrixOf(storage: Storage, id: string, wanted: string): Promise<MatrixAsOf> {
  const negotiation = await storage.negotiations.get(id)
  if (!negotiation) {
    const known = (await storage.negotiations.list()).map((n) => `${n.id} (${n.title})`)
    throw new CliError(
      `rolling-text matrix: no negotiation '${id}'${known.length ? `; known: ${known.join(', ')}` : ''}`,
    )
  }
  const readings = await storage.readings.list(id)
  if (wanted === 'live')
    return matrixAsOf(await liveText(storage, id), await storage.positions.list(id), readings, null)
  const fold = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase()
  const summary = readings.find((r) => r.id === wanted) ?? readings.find((r) => fold(r.name) === fold(wanted))
  const reading = summary && (await storage.readings.get(id, summary.id))
  if (!reading)
    throw new CliError(
      `rolling-text matrix: no reading '${wanted}' in ${negotiation.title}; its readings: ${readings.map((r) => r.name).join(', ') || 'none yet'} (or live)`,
    )
  return readingMatrix(storage, reading, readings)
}

/** The live text as stored: the last snapshot and every update after it. */
async function liveText(storage: Storage, id: string): Promise<Node> {
  const stored = await storage.documents.load(id)
  const ydoc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(ydoc, stored.snapshot)
  for (const { update } of stored.updates) Y.applyUpdate(ydoc, update)
  try {
    return docFromText(ydoc)
  } catch (e) {
    throw new CliError(`rolling-text matrix: the live text does not fit the schema (${(e as Error).message})`)
  }
}
