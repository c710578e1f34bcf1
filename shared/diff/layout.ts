import { oldRef, shownRef } from './refs'
import type { ClauseChange, ReadingDiff } from './types'

/** One item of a comparison as a reader goes through it. */
export type LayoutItem =
  | { kind: 'section'; numeral: string; title: string }
  | { kind: 'change'; change: ClauseChange }
  /** Where a moved clause used to stand. */
  | { kind: 'moved-from'; change: ClauseChange }

const shownIn = (change: ClauseChange) => shownRef(change).section

/** For each moved change, the index of the change its "moved from here"
 *  marker goes before: after the nearest earlier clause of its old section
 *  that stayed in place, else at the top of that section. */
function markerPlaces(diff: ReadingDiff): Map<number, ClauseChange[]> {
  const stayed = diff.changes
    .map((change, at) => ({ change, at }))
    .filter(({ change }) => change.old && change.type !== 'moved')
    .sort((a, b) => oldRef(a.change).index - oldRef(b.change).index)
  const places = new Map<number, ClauseChange[]>()
  for (const moved of diff.changes) {
    if (moved.type !== 'moved') continue
    let before = -1
    for (const { change, at } of stayed) {
      if (oldRef(change).index > oldRef(moved).index) break
      before = oldRef(change).section === oldRef(moved).section ? at + 1 : -1
    }
    if (before < 0) before = diff.changes.findIndex((c) => shownIn(c) === oldRef(moved).section)
    if (before < 0) before = diff.changes.length
    places.set(before, [...(places.get(before) ?? []), moved])
  }
  return places
}

/** The comparison in reading order: a heading where the section changes, each
 *  change, and a marker where each moved clause used to stand, inside the
 *  section it stood in. Every renderer (terminal, HTML, DOCX, the browser)
 *  walks this, so they agree. */
export function layoutComparison(diff: ReadingDiff): LayoutItem[] {
  const places = markerPlaces(diff)
  const titles = new Map(diff.summary.sections.map((s) => [s.numeral, s.title]))
  const items: LayoutItem[] = []
  let section: string | null = null
  const markers = (k: number, inSection: (numeral: string) => boolean) => {
    for (const change of places.get(k) ?? []) {
      if (inSection(oldRef(change).section)) items.push({ kind: 'moved-from', change })
    }
  }
  diff.changes.forEach((change, k) => {
    const here = shownIn(change)
    if (here !== section) {
      const previous = section
      markers(k, (s) => s === previous)
      items.push({ kind: 'section', numeral: here, title: titles.get(here) ?? '' })
      markers(k, (s) => s !== previous)
      section = here
    } else {
      markers(k, () => true)
    }
    items.push({ kind: 'change', change })
  })
  markers(diff.changes.length, () => true)
  return items
}
