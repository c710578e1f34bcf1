import { h } from '../dom'

/** Asks the user to confirm a consequential step in a modal dialog (Esc or
 *  Cancel says no); resolves to the answer. Focus returns where it was. */
export function confirmStep(message: string, confirmLabel: string): Promise<boolean> {
  const back = document.activeElement as HTMLElement | null
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'rt-confirm', 'aria-label': 'Confirm' })
    const done = (answer: boolean) => {
      dialog.close()
      dialog.remove()
      back?.focus()
      resolve(answer)
    }
    const yes = h('button', { type: 'button', class: 'rt-primary', onclick: () => done(true) }, confirmLabel)
    dialog.append(
      h('p', {}, message),
      h(
        'div',
        { class: 'rt-row-actions' },
        yes,
        h('button', { type: 'button', class: 'rt-quiet', onclick: () => done(false) }, 'Cancel'),
      ),
    )
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault()
      done(false)
    })
    document.body.appendChild(dialog)
    dialog.showModal()
    yes.focus()
  })
}
