import type { Node } from 'prosemirror-model'
import { countBrackets, type BracketCount } from '../../shared/brackets/groups'
import { h, replaceChildren } from '../dom'

/** What the navigator shows for one section. */
export interface SectionSummary {
  numeral: string
  title: string
  /** Position of the section title's text, where a jump puts the cursor. */
  pos: number
  brackets: BracketCount
  clauses: number
  /** Clauses agreed ad referendum. */
  agreed: number
}

/** Bracket and agreement counts for each section, in order. */
export function summarizeSections(doc: Node): SectionSummary[] {
  const out: SectionSummary[] = []
  doc.forEach((section, offset) => {
    out.push({ ...countSection(section), pos: offset + 2 })
  })
  return out
}

/** Counts per section node. Nodes are immutable and an edit replaces only the
 *  sections it touches, so while typing only one section is counted again. */
const sectionCounts = new WeakMap<Node, Omit<SectionSummary, 'pos'>>()

function countSection(section: Node): Omit<SectionSummary, 'pos'> {
  let counts = sectionCounts.get(section)
  if (counts) return counts
  let clauses = 0
  let agreed = 0
  section.forEach((child) => {
    if (child.type.name !== 'clause') return
    clauses++
    if (child.attrs.status === 'adref') agreed++
  })
  counts = {
    numeral: section.attrs.numeral,
    title: section.firstChild?.textContent ?? '',
    brackets: countBrackets(section),
    clauses,
    agreed,
  }
  sectionCounts.set(section, counts)
  return counts
}

/** The section list beside the text: live bracket counts and agreed clauses
 *  per section; a click (or Enter) jumps to the section. */
export class SectionNavigator {
  readonly element: HTMLElement
  private readonly list: HTMLOListElement
  private current = ''
  /** What the list shows, to skip redrawing when no count changed. */
  private shown = ''

  constructor(private readonly onJump: (pos: number) => void) {
    this.list = h('ol', { class: 'rt-nav-list' })
    this.element = h(
      'nav',
      { class: 'rt-navigator', 'aria-label': 'Sections' },
      h('h2', { class: 'rt-pane-title' }, 'Sections'),
      this.list,
    )
  }

  /** Redraws the counts from the document. */
  update(doc: Node): void {
    const sections = summarizeSections(doc)
    const shown = JSON.stringify(sections)
    if (shown === this.shown) return
    this.shown = shown
    const total = sections.reduce((n, s) => n + s.brackets.pairs, 0)
    replaceChildren(
      this.list,
      sections.map((s) => this.item(s)),
      h(
        'li',
        { class: 'rt-nav-total', 'aria-label': `${total} bracket pairs in the whole text` },
        'Total',
        h('span', { class: 'rt-count' }, `[${total}]`),
      ),
    )
    this.highlight(this.current)
  }

  /** Marks the section holding the cursor. */
  highlight(numeral: string): void {
    this.current = numeral
    for (const button of this.list.querySelectorAll('button')) {
      if (button.dataset.numeral === numeral) button.setAttribute('aria-current', 'location')
      else button.removeAttribute('aria-current')
    }
  }

  private item(s: SectionSummary): HTMLElement {
    const spoken = `Section ${s.numeral}, ${s.title}: ${s.brackets.pairs} bracket pairs, ${s.agreed} of ${s.clauses} clauses agreed ad referendum`
    return h(
      'li',
      {},
      h(
        'button',
        {
          type: 'button',
          class: 'rt-nav-item',
          'data-numeral': s.numeral,
          'aria-label': spoken,
          title: s.title,
          onclick: () => this.onJump(s.pos),
        },
        h('span', { class: 'rt-nav-numeral' }, s.numeral),
        h('span', { class: 'rt-nav-title', dir: 'auto' }, s.title),
        h(
          'span',
          { class: `rt-count${s.brackets.pairs ? '' : ' rt-count-zero'}`, title: 'Bracket pairs' },
          `[${s.brackets.pairs}]`,
        ),
        h(
          'span',
          { class: `rt-agreed${s.agreed ? ' rt-agreed-some' : ''}`, title: 'Clauses agreed ad referendum' },
          `${s.agreed}/${s.clauses} ✓`,
        ),
      ),
    )
  }
}
