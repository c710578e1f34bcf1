import type { BracketChange, ClauseChange, ClauseStatus } from './types'

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
