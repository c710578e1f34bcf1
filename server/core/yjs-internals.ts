import * as Y from 'yjs'

// Yjs's public API answers for a document as it stands after a transaction. The server needs a few answers about
// the moment inside one, and about updates it has not let in yet, that only Yjs's internal fields give: these
// functions are the one place that reads them (`_item`, `_map`, `_start`, `store.pendingStructs`), so a Yjs
// upgrade that renames one breaks here, where tests/server/core/yjs-internals.test.ts notices.

/** The type `type` lives in (its parent), or null for a root type. */
export function parentOf<T>(type: Y.AbstractType<T>): Y.AbstractType<unknown> | null {
  return (type._item?.parent as Y.AbstractType<unknown> | undefined) ?? null
}

/** Whether `type` has been deleted (it stays reachable until the transaction's garbage collection). */
export function isDeleted<T>(type: Y.AbstractType<T>): boolean {
  return type._item?.deleted ?? false
}

/** The root type a shared type lives under. */
export function rootOf<T>(type: Y.AbstractType<T>): Y.AbstractType<unknown> {
  let t = type as Y.AbstractType<unknown>
  for (let up = parentOf(t); up; up = parentOf(t)) t = up
  return t
}

/** An element's attribute even while the element is being deleted: a deleted element's attributes are deleted
 *  with it, so `getAttribute` answers nothing, but the attribute's item is still there inside the transaction. */
export function rawAttribute(el: Y.XmlElement, key: string): unknown {
  return el._map.get(key)?.content.getContent()[0] ?? null
}

/** The shared types directly inside `type`, deleted ones included (the raw item list, which stays reachable
 *  until garbage collection after the transaction). */
export function* childTypesIncludingDeleted<T>(type: Y.AbstractType<T>): Iterable<Y.AbstractType<unknown>> {
  for (let item = type._start; item; item = item.right) {
    if (item.content instanceof Y.ContentType) yield item.content.type
  }
}

/** Whether the document holds updates it could not integrate: they depend on changes it does not have. */
export function hasPendingUpdates(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null
}
