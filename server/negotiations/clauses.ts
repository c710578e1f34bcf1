import * as Y from 'yjs'
import type { ChangeTracker } from '../core/room'
import { childTypesIncludingDeleted, parentOf, rawAttribute } from '../core/yjs-internals'
import type { ClauseTouch } from '../storage/types'

const isClause = (t: unknown): t is Y.XmlElement => t instanceof Y.XmlElement && t.nodeName === 'clause'

function enclosingClause(type: Y.AbstractType<unknown> | null): Y.XmlElement | null {
  for (let t = type; t; t = parentOf(t)) {
    if (isClause(t)) return t
  }
  return null
}

// Clauses in a subtree that was deleted (still reachable until garbage
// collection after the transaction).
function deletedClauses(type: Y.AbstractType<unknown>, out: Y.XmlElement[]): void {
  if (isClause(type)) {
    out.push(type)
    return
  }
  for (const child of childTypesIncludingDeleted(type)) deletedClauses(child, out)
}

/** Watches a fragment and reports, per transaction, which clauses changed and
 *  how: created (inserted), edited (text or attributes), deleted. Clauses
 *  without an id are not reported: they have no history to join. A text
 *  room runs one on the copy it checks changes on (its `track` hook). */
export class ClauseTracker implements ChangeTracker {
  private touches = new Map<string, ClauseTouch['kind']>()

  constructor(fragment: Y.XmlFragment) {
    fragment.observeDeep((events) => {
      for (const event of events) this.record(event)
    })
  }

  private mark(el: Y.XmlElement, kind: ClauseTouch['kind']): void {
    const id = rawAttribute(el, 'id')
    if (typeof id !== 'string' || !id) return
    const prior = this.touches.get(id)
    // A clause created or deleted in the same update is reported as such.
    if (!prior || prior === 'edited') this.touches.set(id, kind)
  }

  private record(event: Y.YEvent<Y.AbstractType<unknown>>): void {
    const clause = enclosingClause(event.target)
    if (clause) this.mark(clause, 'edited')
    // Typing: a text holds no clauses, so there is nothing more to find, and
    // working out the event's changes would cost more than the edit itself.
    if (event.target instanceof Y.XmlText) return
    for (const item of event.changes.added) {
      if (item.content instanceof Y.ContentType && isClause(item.content.type)) this.mark(item.content.type, 'created')
    }
    for (const item of event.changes.deleted) {
      if (!(item.content instanceof Y.ContentType)) continue
      const found: Y.XmlElement[] = []
      deletedClauses(item.content.type, found)
      for (const c of found) this.mark(c, 'deleted')
    }
  }

  /** The touches recorded since the last call, and forgets them. */
  take(): ClauseTouch[] {
    const out = [...this.touches].map(([clauseId, kind]) => ({ clauseId, kind }))
    this.touches.clear()
    return out
  }
}

/** A text room's `track` hook: a tracker on the copy its changes are checked on. */
export const trackClauses = (root: Y.XmlFragment): ChangeTracker => new ClauseTracker(root)

/** The ids of every clause in a text document, in order. */
export function clauseIds(fragment: Y.XmlFragment): string[] {
  const ids: string[] = []
  for (const section of fragment.toArray()) {
    if (!(section instanceof Y.XmlElement)) continue
    for (const clause of section.toArray()) {
      const id = isClause(clause) ? clause.getAttribute('id') : undefined
      if (typeof id === 'string') ids.push(id)
    }
  }
  return ids
}
