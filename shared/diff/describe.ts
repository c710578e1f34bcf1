import type { BracketChange, ClauseChange, ClauseStatus, SpanChange, SpanExtent } from './types'

const statusNames: Record<ClauseStatus, string> = { open: 'open', adref: 'agreed ad referendum' }

/** A clause status as a delegate reads it. */
export function statusName(status: ClauseStatus): string {
  return statusNames[status]
}

/** What happened to a clause's status (SPEC.md D13), or null when nothing did. */
export function describeStatus(change: ClauseChange): string | null {
  if (!change.status) return null
  return change.status.new === 'adref' ? 'agreed ad referendum' : 'reopened (no longer agreed ad referendum)'
}

const quoted = (texts: readonly string[]) => texts.map((t) => `“${t}”`).join(', ')

/** One bracket change in words, the same in every format (SPEC.md D8). */
export function describeBracketChange(b: BracketChange): string {
  switch (b.kind) {
    case 'resolved':
      return `${b.group} resolved to “${b.kept}”`
    case 'dropped':
      return `${b.group} dropped`
    case 'added':
      return `${b.group} added`
    case 'option-edited':
      return `${b.group}: option “${b.from}” edited to “${b.to}”`
    case 'options-dropped':
      return `${b.group} → ${b.now} (dropped ${quoted(b.options)})`
    case 'options-added':
      return `${b.group} → ${b.now} (added ${quoted(b.options)})`
  }
}

const extent = (e: SpanExtent) => (e.from === e.to ? `[${e.from}]` : `[${e.from} … ${e.to}] (${e.clauses} paragraphs)`)

/** One change to a bracket spanning paragraphs in words (SPEC.md D16). */
export function describeSpanChange(c: SpanChange): string {
  switch (c.kind) {
    case 'added':
      return `${extent(c.new)} bracketed`
    case 'resolved':
      return `${extent(c.old)} resolved: the paragraphs stay, the brackets went`
    case 'dropped':
      return `${extent(c.old)} dropped with its paragraphs`
    case 'changed':
      return `${extent(c.old)} now ${extent(c.new)}`
  }
}
