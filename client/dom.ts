/** Attributes and listeners for `h`: `on*` keys taking functions become event
 *  listeners, `false`/`null`/`undefined` values are left out, anything else is
 *  set as an attribute. */
export type Props = Record<string, unknown>

/** A child of `h`: nodes are appended, strings become text, falsy values are skipped. */
export type Child = Node | string | number | false | null | undefined | Child[]

/** Builds a DOM element: `h('button', { class: 'x', onclick: f }, 'Save')`.
 *  A tiny helper instead of a UI framework: the views are small and re-render
 *  their own subtree, so plain DOM keeps the bundle and the latency low. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(props)) {
    if (value === false || value === null || value === undefined) continue
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value as EventListener)
    else if (key === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value)
    else el.setAttribute(key, value === true ? '' : String(value))
  }
  append(el, children)
  return el
}

function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(el, child)
    else if (child instanceof Node) el.appendChild(child)
    else if (child !== false && child !== null && child !== undefined)
      el.appendChild(document.createTextNode(String(child)))
  }
}

/** Replaces all children of `el`. */
export function replaceChildren(el: Element, ...children: Child[]): void {
  el.textContent = ''
  append(el, children)
}
