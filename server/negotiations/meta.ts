import { equalityDeep } from 'lib0/function'
import type * as Y from 'yjs'
import type { Position, Proposal } from '../../shared/positions/position'
import { metaRoomSuffix, metaTypeNames } from '../../shared/protocol/rooms'
import type { ReadingSummary } from '../../shared/protocol/wire'
import type { Storage } from '../storage/types'

/** What a room name means: the text of a negotiation, or its meta room. */
export function parseRoomName(name: string): { negotiationId: string; kind: 'text' | 'meta' } | null {
  const meta = name.endsWith(metaRoomSuffix)
  const negotiationId = meta ? name.slice(0, -metaRoomSuffix.length) : name
  return /^[A-Za-z0-9_-]{1,64}$/.test(negotiationId) ? { negotiationId, kind: meta ? 'meta' : 'text' } : null
}

/** The shared types of the meta document, as clients read them. */
export const metaTypes = {
  positions: (doc: Y.Doc) => doc.getMap<Position>(metaTypeNames.positions),
  proposals: (doc: Y.Doc) => doc.getMap<Proposal>(metaTypeNames.proposals),
  readings: (doc: Y.Doc) => doc.getArray<ReadingSummary>(metaTypeNames.readings),
}

function syncMap<T extends { id: string }>(map: Y.Map<T>, items: readonly T[]): void {
  const ids = new Set(items.map((i) => i.id))
  for (const key of [...map.keys()]) if (!ids.has(key)) map.delete(key)
  for (const item of items) if (!equalityDeep(map.get(item.id), item)) map.set(item.id, item)
}

/** Makes the meta document match the tables, which are the source of truth:
 *  a crash between writing a row and publishing it is mended on load. */
export async function loadMetaFromStorage(storage: Storage, negotiationId: string): Promise<(doc: Y.Doc) => void> {
  const [positions, proposals, readings] = await Promise.all([
    storage.positions.list(negotiationId),
    storage.proposals.list(negotiationId),
    storage.readings.list(negotiationId),
  ])
  return (doc) => {
    syncMap(metaTypes.positions(doc), positions)
    syncMap(metaTypes.proposals(doc), proposals)
    const list = metaTypes.readings(doc)
    if (!equalityDeep(list.toArray(), readings)) {
      list.delete(0, list.length)
      list.push(readings)
    }
  }
}
