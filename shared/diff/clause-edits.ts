import { tokenize } from './tokenize'
import type { WordEdit } from './types'
import { diffTokens } from './words'

/** Unchanged words kept on each side of a change when a history shows it. */
const contextWords = 3

/** What changed in the words of one clause between two of its texts (in the
 *  notation, brackets included), as a clause history shows it: the insertions
 *  and deletions, with a few unchanged words around each and `…` for the rest.
 *  Empty when the words are the same. */
export function clauseWordChanges(before: string, after: string): WordEdit[] {
  if (before === after) return []
  const edits = diffTokens(tokenize(before), tokenize(after))
  if (edits.every((e) => e.op === 'equal')) return []
  return edits.map((edit, k) =>
    edit.op === 'equal' ? { op: 'equal', text: elide(edit.text, k > 0, k < edits.length - 1) } : edit,
  )
}

/** An unchanged run cut down to the words next to the changes it stands
 *  between (`lead`: a change before it; `trail`: one after it). */
function elide(text: string, lead: boolean, trail: boolean): string {
  const tokens = tokenize(text)
  const words = tokens.filter((t) => t.kind === 'word').length
  if (words <= contextWords * (Number(lead) + Number(trail)) + 1) return text
  const head = lead ? upToWords(tokens, contextWords) : 0
  const tail = trail ? tokens.length - upToWords([...tokens].reverse(), contextWords) : tokens.length
  const keep = (from: number, to: number) =>
    tokens
      .slice(from, to)
      .map((t) => t.text)
      .join('')
  return `${keep(0, head)}…${keep(tail, tokens.length)}`
}

/** How many tokens from the start hold `n` words. */
function upToWords(tokens: readonly { kind: string }[], n: number): number {
  let seen = 0
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].kind !== 'word') continue
    seen += 1
    if (seen === n) return i + 1
  }
  return tokens.length
}
