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

/** Asks for a short text (a reason) in a modal dialog; resolves to it, or
 *  null when the user cancels. */
export function askText(message: string, label: string, confirmLabel: string): Promise<string | null> {
  const back = document.activeElement as HTMLElement | null
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'rt-confirm', 'aria-label': label })
    const text = h('textarea', { rows: 3, dir: 'auto', 'aria-label': label, required: true })
    const done = (answer: string | null) => {
      dialog.close()
      dialog.remove()
      back?.focus()
      resolve(answer)
    }
    const form = h(
      'form',
      {
        onsubmit: (e: Event) => {
          e.preventDefault()
          if (text.value.trim()) done(text.value.trim())
        },
      },
      h('p', {}, message),
      text,
      h(
        'div',
        { class: 'rt-row-actions' },
        h('button', { type: 'submit', class: 'rt-primary' }, confirmLabel),
        h('button', { type: 'button', class: 'rt-quiet', onclick: () => done(null) }, 'Cancel'),
      ),
    )
    dialog.append(form)
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault()
      done(null)
    })
    document.body.appendChild(dialog)
    dialog.showModal()
    text.focus()
  })
}
