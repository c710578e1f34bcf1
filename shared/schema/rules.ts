/** The bounds every copy of the model keeps: the editor, the notation parser,
 *  the importers and the server's structure check all enforce these same
 *  numbers, so a text one of them accepts is a text all of them accept. */

/** Bracket groups nested inside one another: `[a [b [c]]]` is three deep.
 *  Real texts stop at three or four; the bound keeps every recursive walk
 *  over a clause (checks, diff, exports) far from the stack limit. */
export const maxBracketDepth = 32

/** Longest values of the string attributes, in UTF-16 units. */
export const attributeLengths = { id: 64, label: 32, numeral: 16, proposedBy: 200 } as const

/** A broken rule: its id (cited in close reasons and docs/SECURITY.md) and
 *  what was wrong. */
export interface RuleBreach {
  rule: string
  message: string
}

/** The text of a breach as the server and the editor report it. */
export const describeBreach = (b: RuleBreach): string => `[${b.rule}] ${b.message}`

const shown = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v.length > 20 ? `${v.slice(0, 17)}...` : v)
  if (v === null || typeof v !== 'object') return String(v)
  return Array.isArray(v) ? 'a list' : 'an object'
}

type Check = (value: unknown) => string | null

const optionalString =
  (max: number, pattern?: RegExp, patternText?: string): Check =>
  (v) => {
    if (v === null) return null
    if (typeof v !== 'string') return `must be text or null, not ${shown(v)}`
    if (v.length > max) return `is ${v.length} characters long (at most ${max})`
    if (pattern && !pattern.test(v)) return `must be ${patternText}, not ${shown(v)}`
    return null
  }

const oneOf =
  (values: readonly unknown[]): Check =>
  (v) =>
    values.includes(v) ? null : `must be ${values.map((x) => shown(x)).join(', ')}; not ${shown(v)}`

/** Clause ids as the editor makes them (`c-7f2k…`) and as the notation
 *  writes them (`{#ii-4}`). */
const idPattern = /^[\w:.-]+$/

/** How many paragraph-spanning brackets open before (or close after) one
 *  clause: a whole number up to the nesting limit. */
const spanCount: Check = (v) =>
  Number.isInteger(v) && (v as number) >= 0 && (v as number) <= maxBracketDepth
    ? null
    : `must be a whole number from 0 to ${maxBracketDepth}, not ${shown(v)}`

/** Each attribute of each node: the check its value must pass. */
export const attributeRules: Record<string, Record<string, Check>> = {
  doc: {},
  section: {
    numeral: (v) =>
      typeof v === 'string' && v.length > 0 ? optionalString(attributeLengths.numeral)(v) : 'must be non-empty text',
  },
  section_title: {},
  clause: {
    id: optionalString(attributeLengths.id, idPattern, 'letters, digits, _ : . -'),
    level: oneOf([0, 1, 2, 3]),
    label: optionalString(attributeLengths.label),
    status: oneOf(['open', 'adref']),
    spanOpen: spanCount,
    spanClose: spanCount,
  },
  bracket_group: {},
  option: { proposedBy: optionalString(attributeLengths.proposedBy) },
}

/** Checks one attribute value of a node: null when it is fine. Unknown
 *  nodes and attributes are breaches too. */
export function checkAttribute(node: string, name: string, value: unknown): RuleBreach | null {
  const rules = attributeRules[node]
  if (!rules) return { rule: 'node.type', message: `there is no node type ${shown(node)}` }
  const check = rules[name]
  if (!check) return { rule: 'attribute.unknown', message: `a ${node} has no attribute ${shown(name)}` }
  const problem = check(value)
  return problem ? { rule: `${node}.${name}`, message: `${node} ${name} ${problem}` } : null
}

/** A ProseMirror attribute validator for one attribute: throws the breach,
 *  so the editor and `nodeFromJSON` refuse what the server refuses. */
export const validator =
  (node: string, name: string) =>
  (value: unknown): void => {
    const breach = checkAttribute(node, name, value)
    if (breach) throw new RangeError(describeBreach(breach))
  }
