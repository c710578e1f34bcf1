import type { Proposal } from '../../shared/positions/position'
import { h } from '../dom'
import { readableNotation } from '../editor/clauses'

/** Where the chair puts a proposal whose words have changed since it was made. */
export type PlaceChoice = { kind: 'group'; index: number } | { kind: 'selection' } | { kind: 'whole' }

/** What the chooser shows: the clause as it reads now and its groups. */
export interface PlaceContext {
  key: string
  /** The clause's current text in the notation. */
  text: string
  groups: { options: string[] }[]
  /** The words selected in the text, when the selection is in this clause. */
  selection: string | null
}

/** Shows a proposal beside the current text of its clause and lets the chair
 *  choose where it goes: as an alternative in one of the clause's groups,
 *  bracketed against the words selected in the text, or against the whole
 *  clause. Resolves to the choice, or null (Cancel, Esc). */
export function chooseProposalPlace(proposal: Proposal, place: PlaceContext): Promise<PlaceChoice | null> {
  const back = document.activeElement as HTMLElement | null
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'rt-confirm rt-place-proposal', 'aria-label': 'Where the proposal goes' })
    const done = (choice: PlaceChoice | null) => {
      dialog.close()
      dialog.remove()
      back?.focus()
      resolve(choice)
    }
    const choice = (label: string, value: PlaceChoice) =>
      h('button', { type: 'button', onclick: () => done(value) }, label)
    dialog.append(
      h(
        'p',
        {},
        `${proposal.state} proposed this for “${proposal.target ?? ''}”, which ${place.key} no longer reads. Choose where it goes.`,
      ),
      h('p', { class: 'rt-proposed-text', dir: 'auto' }, h('ins', {}, proposal.text)),
      h('p', { class: 'rt-clause-excerpt', dir: 'auto' }, `${place.key}: ${readableNotation(place.text)}`),
      h(
        'div',
        { class: 'rt-place-choices' },
        place.groups.map((g, index) =>
          choice(`As an alternative to ${g.options.map((o) => `[${readableNotation(o)}]`).join('')}`, {
            kind: 'group',
            index,
          }),
        ),
        place.selection && choice(`Against the selected words “${place.selection}”`, { kind: 'selection' }),
        choice(`Against the whole of ${place.key}`, { kind: 'whole' }),
        h('button', { type: 'button', class: 'rt-quiet', onclick: () => done(null) }, 'Cancel'),
      ),
    )
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault()
      done(null)
    })
    document.body.appendChild(dialog)
    dialog.showModal()
  })
}
