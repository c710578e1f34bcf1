import type { NodeSpec } from 'prosemirror-model'
import { checkAttribute, validator } from './rules'

/** How deep a clause sits: 0 an unnumbered paragraph (a chapeau), 1 a numbered
 *  paragraph `1.`, 2 a lettered sub-paragraph `(a)`, 3 a roman one `(i)`. */
export type ClauseLevel = 0 | 1 | 2 | 3

/** Where a clause stands in the negotiation. Brackets are separate from this:
 *  a clause can be agreed ad referendum (pending capitals) and still be shown. */
export type ClauseStatus = 'open' | 'adref'

export const clauseLevels: readonly ClauseLevel[] = [0, 1, 2, 3]
export const clauseStatuses: readonly ClauseStatus[] = ['open', 'adref']

/** The attributes every clause node carries. `id` is stable across edits and
 *  readings; it is null for clauses read from a file that gave none. `label` is
 *  null when the number is computed from position, or the label as given in the
 *  source (`4bis`, `4 ter`, `A`) when it is not the one we would compute. */
export interface ClauseAttrs {
  id: string | null
  level: ClauseLevel
  label: string | null
  status: ClauseStatus
  /** Brackets that open before this clause and close after a later one (or
   *  this one) of its section: `[3. … 4. …]` is `spanOpen: 1` on 3 and
   *  `spanClose: 1` on 4. Counts, so spans nest (`[[3. … 4.] 5.]`); see
   *  shared/brackets/spans.ts for why they are attributes. */
  spanOpen: number
  spanClose: number
}

/** Attributes of one bracketed option; `proposedBy` names the state that
 *  proposed the wording, when known. */
export interface OptionAttrs {
  proposedBy: string | null
}

interface DomElementLike {
  getAttribute(name: string): string | null
}

const attr = (dom: unknown, name: string) => (dom as DomElementLike).getAttribute(name)

// Pasted HTML may carry anything: a value the rules refuse is dropped.
const pasted = (node: string, name: string, value: string | null): string | null =>
  checkAttribute(node, name, value) ? null : value

// Pasted HTML may carry any level: one outside the range reads as a paragraph.
const levelFrom = (value: string | null): ClauseLevel => {
  const n = Number(value ?? 1)
  return clauseLevels.includes(n as ClauseLevel) ? (n as ClauseLevel) : 1
}

// Pasted HTML may carry any count: one the rules refuse reads as none (the
// editor's span repair then balances what a paste brought in).
const spanCount = (value: string | null): number => {
  const n = Number(value ?? 0)
  return checkAttribute('clause', 'spanOpen', n) ? 0 : n
}

/** The node specs, keyed by name. A document holds sections; a section holds a
 *  title and clauses; a clause holds text and bracket groups; a bracket group
 *  holds one or more options (adjacent brackets are alternatives); an option
 *  holds text and further, nested bracket groups. */
export const nodes: Record<string, NodeSpec> = {
  doc: {
    content: 'section+',
    attrs: { meta: { default: {} } },
  },
  section: {
    content: 'section_title clause*',
    attrs: { numeral: { default: 'I', validate: validator('section', 'numeral') } },
    defining: true,
    isolating: true,
    parseDOM: [
      {
        tag: 'section.rt-section',
        getAttrs: (dom) => ({ numeral: pasted('section', 'numeral', attr(dom, 'data-numeral')) ?? 'I' }),
      },
    ],
    toDOM: (node) => ['section', { class: 'rt-section', 'data-numeral': node.attrs.numeral }, 0],
  },
  section_title: {
    content: 'text*',
    marks: '',
    defining: true,
    parseDOM: [{ tag: 'h2.rt-section-title' }],
    toDOM: () => ['h2', { class: 'rt-section-title' }, 0],
  },
  clause: {
    content: '(text | bracket_group)*',
    marks: '',
    defining: true,
    attrs: {
      id: { default: null, validate: validator('clause', 'id') },
      level: { default: 1, validate: validator('clause', 'level') },
      label: { default: null, validate: validator('clause', 'label') },
      status: { default: 'open', validate: validator('clause', 'status') },
      spanOpen: { default: 0, validate: validator('clause', 'spanOpen') },
      spanClose: { default: 0, validate: validator('clause', 'spanClose') },
    },
    parseDOM: [
      {
        tag: 'p.rt-clause',
        getAttrs: (dom) => ({
          id: pasted('clause', 'id', attr(dom, 'data-id')),
          level: levelFrom(attr(dom, 'data-level')),
          label: pasted('clause', 'label', attr(dom, 'data-label')),
          status: attr(dom, 'data-status') === 'adref' ? 'adref' : 'open',
          spanOpen: spanCount(attr(dom, 'data-span-open')),
          spanClose: spanCount(attr(dom, 'data-span-close')),
        }),
      },
    ],
    toDOM: (node) => [
      'p',
      {
        class: 'rt-clause',
        'data-id': node.attrs.id,
        'data-level': String(node.attrs.level),
        'data-label': node.attrs.label,
        'data-status': node.attrs.status,
        'data-span-open': node.attrs.spanOpen ? String(node.attrs.spanOpen) : null,
        'data-span-close': node.attrs.spanClose ? String(node.attrs.spanClose) : null,
      },
      0,
    ],
  },
  bracket_group: {
    inline: true,
    group: 'inline',
    content: 'option+',
    marks: '',
    parseDOM: [{ tag: 'span.rt-group' }],
    toDOM: () => ['span', { class: 'rt-group' }, 0],
  },
  option: {
    inline: true,
    content: '(text | bracket_group)*',
    marks: '',
    attrs: { proposedBy: { default: null, validate: validator('option', 'proposedBy') } },
    parseDOM: [
      {
        tag: 'span.rt-option',
        getAttrs: (dom) => ({ proposedBy: pasted('option', 'proposedBy', attr(dom, 'data-proposed-by')) }),
      },
    ],
    toDOM: (node) => ['span', { class: 'rt-option', 'data-proposed-by': node.attrs.proposedBy }, 0],
  },
  text: { group: 'inline' },
}
