import type { Stance } from '../../shared/positions/position'
import { h } from '../dom'

/** How each stance is named on screen. */
export const stanceLabels: Record<Stance, string> = {
  support: 'Supports',
  oppose: 'Opposes',
  reservation: 'Reservation',
  proposal: 'Proposes other wording',
  neutral: 'Neutral',
}

/** One-letter codes for the dense matrix cells (colour carries the rest). */
export const stanceLetters: Record<Stance, string> = {
  support: 'S',
  oppose: 'O',
  reservation: 'R',
  proposal: 'P',
  neutral: 'N',
}

/** A coloured stance badge with its name. */
export function stanceBadge(stance: Stance): HTMLElement {
  return h('span', { class: `rt-stance rt-stance-${stance}` }, stanceLabels[stance])
}
