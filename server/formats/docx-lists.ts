import { AlignmentType, LevelFormat } from 'docx'
import type { ClauseEntry } from '../../shared/schema/outline'
import { letterLabel, romanLabel } from '../../shared/schema/numbering'
import { hang } from './docx-styles'

/** The list our clause numbers use: `1.`, `(a)`, `(i)`, hanging as the clause
 *  styles hang, each section an instance of its own so it starts at 1. */
export const clauseList = 'rt-clauses'

/** The numbering definitions for `new Document({ numbering })`. */
export const clauseNumbering = {
  config: [
    {
      reference: clauseList,
      levels: [
        { level: 0, format: LevelFormat.DECIMAL, text: '%1.' },
        { level: 1, format: LevelFormat.LOWER_LETTER, text: '(%2)' },
        { level: 2, format: LevelFormat.LOWER_ROMAN, text: '(%3)' },
      ].map((l) => ({
        ...l,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: { left: hang * (l.level + 1), hanging: hang } } },
      })),
    },
  ],
}

/** Which clauses of a section Word's list numbering can number: those whose
 *  computed number is the one Word's counters would show at that point (a
 *  plain sequence). A typed label (`4bis`, `4 ter`) or a number Word's
 *  counters cannot reach stays typed, and then Word's counter does not move,
 *  so the paragraph after `4bis` is 5 in both. Returns the list level of each
 *  listed clause (0 for `1.`, 1 for `(a)`, 2 for `(i)`), null for the others. */
export function listLevels(clauses: readonly ClauseEntry[]): (number | null)[] {
  const counters: number[] = []
  return clauses.map((entry) => {
    const level = entry.attrs.level - 1
    if (level < 0 || entry.attrs.label !== null) return null
    const next = (counters[level] ?? 0) + 1
    const label = level === 0 ? String(next) : level === 1 ? letterLabel(next) : romanLabel(next)
    if (label !== entry.number.own) return null
    counters[level] = next
    counters.length = level + 1
    return level
  })
}
