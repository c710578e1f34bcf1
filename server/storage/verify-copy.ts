import { isDeepStrictEqual } from 'node:util'
import * as Y from 'yjs'
import type { Storage, StoredDocument } from './types'

/** What differs between two stores, read through the `Storage` interface
 *  the server uses: every negotiation, its readings (whole), positions,
 *  proposals and invitations, every invitation by id, and the state of every
 *  document in `documents` (built from its snapshot and log). Empty when a
 *  server on `copy` serves exactly what one on `original` did. */
export async function verifyCopy(
  original: Storage,
  copy: Storage,
  documents: readonly string[],
  invitationIds: readonly string[],
): Promise<string[]> {
  const differences: string[] = []
  const same = async (what: string, read: (s: Storage) => Promise<unknown>) => {
    const [a, b] = await Promise.all([read(original), read(copy)])
    if (!isDeepStrictEqual(a, b)) differences.push(what)
  }
  await same('the list of negotiations', (s) => s.negotiations.list())
  for (const { id } of await original.negotiations.list()) {
    await same(`the readings of ${id}`, (s) => s.readings.list(id))
    for (const r of await original.readings.list(id)) await same(`reading ${r.id}`, (s) => s.readings.get(id, r.id))
    await same(`the positions of ${id}`, (s) => s.positions.list(id))
    await same(`the proposals of ${id}`, (s) => s.proposals.list(id))
    await same(`the invitations to ${id}`, (s) => s.tokens.list(id))
  }
  for (const id of invitationIds) await same(`invitation ${id}`, (s) => s.tokens.get(id))
  for (const name of documents) await same(`the document ${name}`, async (s) => stateOf(await s.documents.load(name)))
  return differences
}

/** A document's whole state, as bytes that are equal for equal documents. */
function stateOf(stored: StoredDocument): Buffer {
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const u of stored.updates) Y.applyUpdate(doc, u.update)
  const state = Buffer.from(Y.encodeStateAsUpdate(doc))
  doc.destroy()
  return state
}
