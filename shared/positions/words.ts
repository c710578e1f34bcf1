import { readableNotation } from '../notation/readable'

/** Whether quoted words stand in a clause (given in the notation), read with
 *  or without its brackets, ignoring case and spacing: a position on
 *  `should` fits `[must][should]`, one on `must retain` fits `[must] retain`. */
export function wordsInClause(words: string, clauseNotation: string): boolean {
  const squash = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase()
  const readable = readableNotation(clauseNotation)
  const wanted = squash(words)
  return [readable, readable.replace(/[[\]]/g, ''), readable.replace(/\]\[/g, ' ').replace(/[[\]]/g, '')].some((t) =>
    squash(t).includes(wanted),
  )
}
