import type { ClauseChange, ReadingDiff } from './types'

/** Where each moved clause used to stand, for a "moved to …" marker there:
 *  maps the index of the change after which the marker goes (-1 for the top)
 *  to the moved changes whose marker goes there. A marker follows the nearest
 *  clause before the moved one in the old reading that did not move itself. */
export function movedOrigins(diff: ReadingDiff): Map<number, ClauseChange[]> {
  const stayed = diff.changes
    .map((change, at) => ({ change, at }))
    .filter(({ change }) => change.old && change.type !== 'moved')
    .sort((a, b) => a.change.old!.index - b.change.old!.index)
  const origins = new Map<number, ClauseChange[]>()
  for (const change of diff.changes) {
    if (change.type !== 'moved') continue
    let after = -1
    for (const { change: other, at } of stayed) {
      if (other.old!.index > change.old!.index) break
      after = at
    }
    origins.set(after, [...(origins.get(after) ?? []), change])
  }
  return origins
}
