import type { Node } from 'prosemirror-model'
import type { NodeView } from 'prosemirror-view'

/** Renders one bracketed option. The brackets themselves are drawn by CSS
 *  around the inner span (coloured by nesting depth), so they can never be
 *  typed over or half-deleted; the outer span carries the proposing state,
 *  shown after the closing bracket, and the divider between alternatives. */
export class OptionView implements NodeView {
  readonly dom: HTMLElement
  readonly contentDOM: HTMLElement

  constructor(private node: Node) {
    this.dom = document.createElement('span')
    this.dom.className = 'rt-option'
    this.contentDOM = this.dom.appendChild(document.createElement('span'))
    this.contentDOM.className = 'rt-option-text'
    this.render()
  }

  update(node: Node): boolean {
    if (node.type !== this.node.type) return false
    this.node = node
    this.render()
    return true
  }

  private render(): void {
    const by = this.node.attrs.proposedBy as string | null
    if (by) {
      this.dom.setAttribute('data-proposed-by', by)
      this.dom.title = `Proposed by ${by}`
    } else {
      this.dom.removeAttribute('data-proposed-by')
      this.dom.removeAttribute('title')
    }
    this.contentDOM.classList.toggle('rt-empty', this.node.content.size === 0)
  }
}
