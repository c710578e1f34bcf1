import type { Token } from './tokenize'
import type { ChangeTag } from './types'

/** The modal verbs diplomats scan for, in the six UN languages: one of them
 *  can decide a treaty. Lower case, as tokens stand (SPEC.md D7). */
export const modalVerbs: Readonly<Record<'en' | 'fr' | 'es' | 'ru' | 'ar' | 'zh', readonly string[]>> = {
  en: ['shall', 'should', 'may', 'must', 'will'],
  fr: ['doit', 'doivent', 'devrait', 'devraient', 'peut', 'peuvent', 'devra', 'devront', 'pourra', 'pourront'],
  es: ['deberá', 'deberán', 'debería', 'deberían', 'podrá', 'podrán', 'debe', 'deben', 'puede', 'pueden'],
  ru: ['должен', 'должна', 'должно', 'должны', 'следует', 'может', 'могут'],
  ar: ['يجب', 'ينبغي', 'يجوز'],
  zh: ['应', '应当', '应该', '必须', '可', '可以'],
}

const modalSet = new Set(Object.values(modalVerbs).flat())

/** Chinese words that begin with 可 without being "may" (可持续 sustainable…),
 *  which the word segmenter may still cut after 可. */
const notModalAfterKe = new Set(['持续', '行', '靠', '见', '控', '用', '信'])

/** The modal verb a word is, if any: Arabic joins the conjunctions و and ف to
 *  the verb (ويجب), so they are taken off first. */
function modalOf(word: string): string | null {
  const lower = word.toLowerCase()
  if (modalSet.has(lower)) return lower
  const bare = lower.replace(/^[وف]/u, '')
  return bare !== lower && modalSet.has(bare) ? bare : null
}

/** How many times each modal verb stands in a clause's words. Alternatives
 *  count once: of `[shall review][shall keep]` only one option will stand,
 *  so a group counts, for each verb, the most any of its options holds. */
export function modalCounts(tokens: readonly Token[]): Map<string, number> {
  const words = tokens.filter((t) => t.kind === 'word')
  const verbAt = new Map<Token, string>()
  words.forEach((t, k) => {
    const verb = modalOf(t.text)
    if (verb && !(verb === '可' && notModalAfterKe.has(words[k + 1]?.text ?? ''))) verbAt.set(t, verb)
  })
  // A stack of open groups: each holds the options seen so far and the one
  // being read; a `]` directly followed by `[` starts the next option.
  const top = new Map<string, number>()
  const groups: { options: Map<string, number>[]; outer: Map<string, number> }[] = []
  let current = top
  tokens.forEach((t, k) => {
    const verb = verbAt.get(t)
    if (verb) current.set(verb, (current.get(verb) ?? 0) + 1)
    if (t.kind !== 'bracket') return
    const group = groups[groups.length - 1]
    if (t.text === '[' && group && tokens[k - 1]?.text === ']' && tokens[k - 1]?.kind === 'bracket') {
      current = new Map()
      group.options.push(current)
    } else if (t.text === '[') {
      const outer = current
      current = new Map()
      groups.push({ options: [current], outer })
    } else if (t.text === ']' && group && tokens[k + 1]?.text !== '[') {
      groups.pop()
      current = group.outer
      addCounts(current, mostOf(group.options))
    }
  })
  // A bracket spanning paragraphs may open here and close in a later clause:
  // its words count as those of an option.
  for (let group = groups.pop(); group; group = groups.pop()) addCounts(group.outer, mostOf(group.options))
  return top
}

function mostOf(options: readonly Map<string, number>[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const o of options) for (const [v, n] of o) out.set(v, Math.max(out.get(v) ?? 0, n))
  return out
}

/** Adds one clause's modal counts into another's (the words of a clause split
 *  off or merged in stayed in the text, so they came and went nowhere). */
export function addCounts(into: Map<string, number>, more: ReadonlyMap<string, number>): Map<string, number> {
  for (const [verb, n] of more) into.set(verb, (into.get(verb) ?? 0) + n)
  return into
}

/** Whether a modal verb came or went: counted, so a verb deleted and
 *  re-inserted within a rewritten phrase is no modal change. */
export function modalChanged(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): boolean {
  for (const verb of new Set([...before.keys(), ...after.keys()]))
    if ((before.get(verb) ?? 0) !== (after.get(verb) ?? 0)) return true
  return false
}

/** A word as editorial comparison sees it: lower case, accents and other
 *  marks left out, any apostrophe the straight one (États = etats,
 *  l’État = l'etat). */
export function foldWord(word: string): string {
  const lower = word.toLowerCase()
  if (!/[\u0080-\uffff]/.test(lower)) return lower
  return lower
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’‘ʼ′]/gu, "'")
}

const words = (tokens: readonly Token[], maxDepth = Number.POSITIVE_INFINITY) =>
  tokens.filter((t) => t.kind === 'word' && t.depth <= maxDepth).map((t) => foldWord(t.text))

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

/** The shape of a text for editorial comparison: its folded words and its
 *  brackets, without punctuation, quotes or spacing. */
const shape = (tokens: readonly Token[]) =>
  tokens
    .filter((t) => t.kind === 'word' || t.kind === 'bracket')
    .map((t) => (t.kind === 'word' ? foldWord(t.text) : t.text))
    .join('\u0001')

/** Tags a changed text (SPEC.md D7): exactly one of `editorial`, `brackets`
 *  or `substantive`, plus `modal` when a modal verb came or went. `modals`
 *  are the two sides' modal counts, with the words of split-off or merged
 *  clauses already added. */
export function classifyChange(
  before: readonly Token[],
  after: readonly Token[],
  modals: { old: ReadonlyMap<string, number>; new: ReadonlyMap<string, number> },
): ChangeTag[] {
  const tags: ChangeTag[] = []
  if (shape(before) === shape(after)) tags.push('editorial')
  else if (onlyBracketsChanged(before, after)) tags.push('brackets')
  else tags.push('substantive')
  if (modalChanged(modals.old, modals.new)) tags.push('modal')
  return tags
}
