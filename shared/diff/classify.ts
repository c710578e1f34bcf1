import type { Token } from './tokenize'
import type { ChangeTag, WordEdit } from './types'

/** The modal verbs diplomats scan for: one of them can decide a treaty. */
export const modalVerbs: readonly string[] = ['shall', 'should', 'may', 'must', 'will']

const modalPattern = new RegExp(`(?<![\\p{L}\\p{N}])(${modalVerbs.join('|')})(?![\\p{L}\\p{N}])`, 'giu')

function modalCounts(texts: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const text of texts) {
    for (const [, verb] of text.matchAll(modalPattern)) {
      const key = verb.toLowerCase()
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
  }
  return counts
}

/** Whether the edits insert or delete a modal verb. A verb both deleted and
 *  re-inserted (inside a larger rewritten phrase) is no modal change. */
export function modalChanged(edits: readonly WordEdit[]): boolean {
  const deleted = modalCounts(edits.filter((e) => e.op === 'delete').map((e) => e.text))
  const inserted = modalCounts(edits.filter((e) => e.op === 'insert').map((e) => e.text))
  return modalVerbs.some((verb) => (deleted.get(verb) ?? 0) !== (inserted.get(verb) ?? 0))
}

const words = (tokens: readonly Token[], maxDepth = Infinity) =>
  tokens.filter((t) => t.kind === 'word' && t.depth <= maxDepth).map((t) => t.text.toLowerCase())

function isSubsequence(part: readonly string[], whole: readonly string[]): boolean {
  let k = 0
  for (const w of whole) if (k < part.length && part[k] === w) k++
  return k === part.length
}

/** Whether only bracket operations lead from `before` to `after`: no word is
 *  new (every word was there, bracketed or not), and no word that stood
 *  outside brackets is gone. Resolving, dropping and adding brackets around
 *  existing text all pass; proposing new wording does not. */
export function onlyBracketsChanged(before: readonly Token[], after: readonly Token[]): boolean {
  const next = words(after)
  return isSubsequence(next, words(before)) && isSubsequence(words(before, 0), next)
}

/** The shape of a text for editorial comparison: its words in lower case and
 *  its brackets, without punctuation or spacing. */
const shape = (tokens: readonly Token[]) =>
  tokens
    .filter((t) => t.kind === 'word' || t.kind === 'bracket')
    .map((t) => (t.kind === 'word' ? t.text.toLowerCase() : t.text))
    .join('\u0001')

/** Tags a changed clause (SPEC.md D7): exactly one of `editorial`, `brackets`
 *  or `substantive`, plus `modal` when a modal verb came or went. */
export function classifyChange(
  before: readonly Token[],
  after: readonly Token[],
  edits: readonly WordEdit[],
): ChangeTag[] {
  const tags: ChangeTag[] = []
  if (shape(before) === shape(after)) tags.push('editorial')
  else if (onlyBracketsChanged(before, after)) tags.push('brackets')
  else tags.push('substantive')
  if (modalChanged(edits)) tags.push('modal')
  return tags
}
