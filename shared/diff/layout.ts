import type { ClauseChange, ReadingDiff, SectionHeading } from './types'

/** One item of a comparison as a reader goes through it. A section heading
 *  carries `was` when the section was retitled or renumbered. */
export type LayoutItem =
  | { kind: 'section'; numeral: string; title: string; was?: SectionHeading }
  | { kind: 'change'; change: ClauseChange }
  /** Where a moved clause used to stand. */
  | { kind: 'moved-from'; change: ClauseChange }

/** Which row of `summary.sections` each side's section numerals stand in. */
function sectionSlots(diff: ReadingDiff) {
  const old = new Map<string, number>()
  const now = new Map<string, number>()
  diff.summary.sections.forEach((s, k) => {
    if (s.old && !old.has(s.old.numeral)) old.set(s.old.numeral, k)
    if (s.new && !now.has(s.new.numeral)) now.set(s.new.numeral, k)
  })
  const ofOld = (numeral: string) => old.get(numeral) ?? -1
  const shownIn = (c: ClauseChange) => (c.new ? (now.get(c.new.section) ?? -1) : ofOld(c.old?.section ?? ''))
  return { ofOld, shownIn }
}

type Slots = ReturnType<typeof sectionSlots>

/** For each moved change, the index of the change its "moved from here"
 *  marker goes before: after the nearest earlier clause of its old section
 *  that stayed in place, else at the top of that section. */
function markerPlaces(diff: ReadingDiff, slots: Slots): Map<number, ClauseChange[]> {
  const stayed = diff.changes
    .map((change, at) => ({ change, at, old: change.old }))
    .filter((c) => c.old && c.change.type !== 'moved')
    .sort((a, b) => (a.old?.index ?? 0) - (b.old?.index ?? 0))
  const places = new Map<number, ClauseChange[]>()
  for (const moved of diff.changes) {
    const from = moved.old
    if (moved.type !== 'moved' || !from) continue
    let before = -1
    for (const { at, old } of stayed) {
      if (!old || old.index > from.index) break
      before = old.section === from.section ? at + 1 : -1
    }
    if (before < 0) before = diff.changes.findIndex((c) => slots.shownIn(c) === slots.ofOld(from.section))
    if (before < 0) before = diff.changes.length
    places.set(before, [...(places.get(before) ?? []), moved])
  }
  // Markers that share a place stand in their old order (a Word redline's
  // Reject All restores exactly that order).
  for (const list of places.values()) list.sort((a, b) => (a.old?.index ?? 0) - (b.old?.index ?? 0))
  return places
}

function heading(diff: ReadingDiff, slot: number): LayoutItem {
  const s = diff.summary.sections[slot]
  if (!s) return { kind: 'section', numeral: '', title: '' }
  const item: LayoutItem = { kind: 'section', numeral: s.numeral, title: s.title }
  if (s.old && s.new && (s.old.numeral !== s.new.numeral || s.old.title !== s.new.title)) item.was = s.old
  return item
}

/** The comparison in reading order: a heading where the section changes, each
 *  change, and a marker where each moved clause used to stand, inside the
 *  section it stood in. Every renderer (terminal, HTML, DOCX, the browser)
 *  walks this, so they agree. */
export function layoutComparison(diff: ReadingDiff): LayoutItem[] {
  const slots = sectionSlots(diff)
  const places = markerPlaces(diff, slots)
  const items: LayoutItem[] = []
  let section: number | null = null
  const markers = (k: number, inSection: (slot: number) => boolean) => {
    for (const change of places.get(k) ?? []) {
      if (inSection(slots.ofOld(change.old?.section ?? ''))) items.push({ kind: 'moved-from', change })
    }
  }
  diff.changes.forEach((change, k) => {
    const here = slots.shownIn(change)
    if (here !== section) {
      const previous = section
      markers(k, (s) => s === previous)
      items.push(heading(diff, here))
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

/** A section heading as a reader sees it: `II. Title`, with what it was
 *  when it was retitled or renumbered. */
export function headingText(item: { numeral: string; title: string; was?: SectionHeading }): string {
  const now = `${item.numeral}. ${item.title}`
  if (!item.was) return now
  if (item.was.title === item.title) return `${now} (was ${item.was.numeral})`
  return `${now} (retitled: ${item.was.numeral}. ${item.was.title} → ${item.title})`
}
