import type { Position } from '../../shared/positions/position'
import { pinnedNote } from '../../shared/positions/pinned'
import { colorFor } from '../collab/awareness'
import { h } from '../dom'
import { formatDate } from './dates'
import { stanceBadge } from './stances'

/** Positions on one clause; with `targets`, those on these bracketed options
 *  (or on the whole clause) come first and are marked. */
export function positionsOn(
  positions: readonly Position[],
  clauseId: string,
  targets: readonly string[] | null,
): (Position & { onTarget: boolean })[] {
  const wanted = targets?.map((t) => t.trim())
  return positions
    .filter((p) => p.clauseId === clauseId)
    .map((p) => ({ ...p, onTarget: !!wanted && (p.target === null || wanted.includes(p.target.trim())) }))
    .sort((a, b) => Number(b.onTarget) - Number(a.onTarget) || a.state.localeCompare(b.state))
}

/** One position as a list item; the author's own delegation gets edit and
 *  withdraw. `readingName` names the reading it was recorded on. */
export function renderPosition(
  p: Position & { onTarget?: boolean },
  actions: HTMLElement[] = [],
  clauseText: string | null = null,
  readingName?: string,
): HTMLElement {
  const note = pinnedNote(p, clauseText, readingName)
  return h(
    'li',
    { class: `rt-position${p.onTarget ? ' rt-on-target' : ''}`, 'data-state': p.state },
    h(
      'div',
      { class: 'rt-position-head' },
      h('span', { class: 'rt-state', style: `--state-color:${colorFor(p.state)}` }, p.state),
      stanceBadge(p.stance),
      p.target && h('q', { class: 'rt-target', dir: 'auto' }, p.target),
    ),
    p.comment && h('p', { class: 'rt-comment', dir: 'auto' }, p.comment),
    h(
      'p',
      { class: 'rt-source' },
      [p.source, p.reading ? `on ${readingName ?? 'a frozen reading'}` : '', `${p.author}, ${formatDate(p.updatedAt)}`]
        .filter(Boolean)
        .join(' · '),
    ),
    note && h('p', { class: 'rt-pinned-note' }, note),
    actions.length > 0 && h('div', { class: 'rt-row-actions' }, actions),
  )
}
