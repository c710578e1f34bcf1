import { h } from '../dom'
import { ApiError } from '../api'

/** A button on a notice; resolving true closes the notice. */
export interface NoticeAction {
  label: string
  run: () => boolean | Promise<boolean>
}

/** A polite live region for what happened (saved, failed): screen readers
 *  announce it, sighted users see it at the bottom of the window. */
export class Notices {
  readonly element = h('div', { class: 'rt-notices', role: 'status', 'aria-live': 'polite' })

  /** Shows a message for a few seconds (errors, and messages that offer
   *  actions, stay until dismissed). An action that resolves true closes it. */
  show(message: string, kind: 'info' | 'error' = 'info', actions: NoticeAction[] = []): void {
    // The same refusal repeated (one per key pressed) is shown once.
    if ([...this.element.children].some((el) => el.firstElementChild?.textContent === message)) return
    const close = h(
      'button',
      { type: 'button', class: 'rt-quiet', 'aria-label': 'Dismiss', onclick: () => item.remove() },
      '×',
    )
    const buttons = actions.map((a) =>
      h(
        'button',
        {
          type: 'button',
          onclick: async () => {
            if (await a.run()) item.remove()
          },
        },
        a.label,
      ),
    )
    const item = h('p', { class: `rt-notice rt-notice-${kind}` }, h('span', {}, message), buttons, close)
    this.element.appendChild(item)
    if (kind === 'info' && !actions.length) setTimeout(() => item.remove(), 5000)
  }

  /** Shows a message with a list under it (an import's warnings), kept until
   *  dismissed, since the list is there to be read. */
  list(message: string, items: readonly string[]): void {
    const close = h(
      'button',
      { type: 'button', class: 'rt-quiet', 'aria-label': 'Dismiss', onclick: () => item.remove() },
      '×',
    )
    const list = h(
      'ul',
      { class: 'rt-notice-list' },
      items.map((text) => h('li', { dir: 'auto' }, text)),
    )
    const item = h('div', { class: 'rt-notice rt-notice-warning' }, h('span', {}, message), close, list)
    this.element.appendChild(item)
  }

  /** Shows what went wrong with a request: the server's message when it sent one. */
  error(error: unknown): void {
    this.show(error instanceof ApiError ? error.message : `Something went wrong: ${String(error)}`, 'error')
  }
}

/** Runs an action from a button, disabling it meanwhile and reporting a failure. */
export async function runAction(
  button: HTMLButtonElement | null,
  notices: Notices,
  action: () => Promise<unknown>,
): Promise<boolean> {
  if (button) button.disabled = true
  try {
    await action()
    return true
  } catch (error) {
    notices.error(error)
    return false
  } finally {
    if (button) button.disabled = false
  }
}
