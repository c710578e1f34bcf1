import * as Y from 'yjs'
import { serializeInline } from '../../shared/notation/inline'
import type { ChangeTracker, TrackedChange } from '../core/room'
import { childTypesIncludingDeleted, isDeleted, parentOf, rawAttribute } from '../core/yjs-internals'
import type { Author, ClauseTouch } from '../storage/types'
import { nodeOfElement } from './structure'

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

/** A clause's text in the notation (brackets and options written out), as
 *  histories compare it; empty for one the schema does not allow. */
export function clauseText(el: Y.XmlElement): string {
  const node = nodeOfElement(el)
  return node ? serializeInline(node.content) : ''
}

const agreed = (el: Y.XmlElement) => el.getAttribute('status') === 'adref'

/** What one transaction did to one clause (by id). */
interface Seen {
  /** The clause as it stands after it, if it still does (a moved clause is deleted and made again). */
  alive: Y.XmlElement | null
  created: boolean
  deleted: boolean
}

/** Roles whose changes may alter agreed text (the server's own changes too). */
const mayChangeAgreed = (author: Author) => author.role === 'chair' || author.role === 'system'

/** Watches a fragment and reports, per transaction, which clauses changed and
 *  how: created (inserted), edited (text, attributes or place), deleted, agreed
 *  ad referendum or no longer, each change with the clause's text after it.
 *  Clauses without an id are not reported: they have no history to join.
 *  It also keeps agreed text agreed: only the chair changes the text of a
 *  clause agreed ad referendum (or deletes it, or takes its mark off), and the
 *  chair's change to it takes the mark off. A text room runs one on the copy
 *  it checks changes on (its `track` hook). */
export class ClauseTracker implements ChangeTracker {
  private seen = new Map<string, Seen>()
  /** The text of every clause agreed ad referendum before the transaction, by id. */
  private readonly agreedText = new Map<string, string>()

  constructor(fragment: Y.XmlFragment) {
    for (const section of fragment.toArray()) {
      if (!(section instanceof Y.XmlElement)) continue
      for (const clause of section.toArray()) {
        const id = isClause(clause) ? clause.getAttribute('id') : undefined
        if (typeof id === 'string' && agreed(clause as Y.XmlElement))
          this.agreedText.set(id, clauseText(clause as Y.XmlElement))
      }
    }
    fragment.observeDeep((events) => {
      for (const event of events) this.record(event)
    })
  }

  private mark(el: Y.XmlElement, how: 'edited' | 'created' | 'deleted'): void {
    const id = rawAttribute(el, 'id')
    if (typeof id !== 'string' || !id) return
    let seen = this.seen.get(id)
    if (!seen) {
      seen = { alive: null, created: false, deleted: false }
      this.seen.set(id, seen)
    }
    if (how === 'created') seen.created = true
    if (how === 'deleted') seen.deleted = true
    if (!isDeleted(el)) seen.alive = el
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

  /** The clauses touched since the last call, judged for `author`; forgets them. */
  take(author: Author): TrackedChange {
    const touches: ClauseTouch[] = []
    const unmark = new Set<string>()
    let refusal: string | null = null
    for (const [clauseId, seen] of this.seen) {
      const alive = seen.alive && !isDeleted(seen.alive) ? seen.alive : null
      const text = alive ? clauseText(alive) : null
      const before = this.agreedText.get(clauseId)
      const after = alive !== null && agreed(alive)
      if (before !== undefined && !(after && text === before)) {
        if (!mayChangeAgreed(author)) refusal ??= agreedRefusal(clauseId)
        else if (after) unmark.add(clauseId)
      }
      // The mark's coming and going first: a history shows it before the edit made with it.
      if (before !== undefined && alive && !after) touches.push({ clauseId, kind: 'adref-removed' })
      if (before === undefined && after) touches.push({ clauseId, kind: 'adref-agreed' })
      if (text === null) touches.push({ clauseId, kind: 'deleted' })
      else touches.push({ clauseId, kind: seen.created && !seen.deleted ? 'created' : 'edited', text })
      if (after && text !== null) this.agreedText.set(clauseId, text)
      else this.agreedText.delete(clauseId)
    }
    this.seen.clear()
    return { touches, refusal, followUp: unmark.size ? (root) => removeAdref(root, unmark) : null }
  }
}

/** Why a change to an agreed clause is refused, naming the rule as the structure check does. */
const agreedRefusal = (clauseId: string) =>
  `the update changes agreed text: [clause.adref] only the chair may change a clause agreed ad referendum ('${clauseId}')`

/** Takes the ad ref mark off the clauses with these ids. */
function removeAdref(root: Y.XmlFragment, ids: ReadonlySet<string>): void {
  for (const section of root.toArray()) {
    if (!(section instanceof Y.XmlElement)) continue
    for (const clause of section.toArray()) {
      if (!isClause(clause)) continue
      const id = clause.getAttribute('id')
      if (typeof id === 'string' && ids.has(id) && agreed(clause)) clause.setAttribute('status', 'open')
    }
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
