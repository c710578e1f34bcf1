import { Fragment, type Node } from 'prosemirror-model'
import { serializeInline } from '../notation/inline'
import { foldWhitespace } from './clauses'
import type { BracketChange } from './types'

interface GroupText {
  /** The whole group in the notation: `[shall][should]`. */
  text: string
  options: string[]
}

/** Every bracket group in a clause, at any depth, outer groups first. */
function groupsOf(clause: Node): GroupText[] {
  const out: GroupText[] = []
  clause.descendants((node) => {
    if (node.type.name !== 'bracket_group') return true
    const options: string[] = []
    node.forEach((option) => {
      options.push(foldWhitespace(serializeInline(option.content)))
    })
    out.push({ text: foldWhitespace(serializeInline(Fragment.from(node))), options })
    return true
  })
  return out
}

function occurrences(text: string, part: string): number {
  if (!part) return 0
  let n = 0
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length)) n++
  return n
}

const wordSet = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])

function overlap(a: string, b: string): number {
  const x = wordSet(a)
  const y = wordSet(b)
  let shared = 0
  for (const w of x) if (y.has(w)) shared++
  return x.size + y.size === 0 ? 0 : (2 * shared) / (x.size + y.size)
}

/** Takes the first item that passes `test` out of `list`. */
function take<T>(list: T[], test: (item: T) => boolean): T | undefined {
  const k = list.findIndex(test)
  return k < 0 ? undefined : list.splice(k, 1)[0]
}

/** What happened to the brackets of a clause between two readings (SPEC.md
 *  D6): groups resolved to one option, dropped with their text, added, or
 *  with options dropped or added. Unchanged groups are not reported. */
export function bracketChanges(before: Node, after: Node, oldText: string, newText: string): BracketChange[] {
  const olds = groupsOf(before)
  const news = groupsOf(after)
  for (const g of [...olds]) if (take(news, (h) => h.text === g.text)) take(olds, (x) => x === g)
  const changes: BracketChange[] = []
  for (const g of olds) {
    const sibling = take(news, (h) => h.options.some((o) => g.options.includes(o)))
    if (sibling) {
      const dropped = g.options.filter((o) => !sibling.options.includes(o))
      const added = sibling.options.filter((o) => !g.options.includes(o))
      if (dropped.length) changes.push({ kind: 'options-dropped', group: g.text, now: sibling.text, options: dropped })
      if (added.length) changes.push({ kind: 'options-added', group: g.text, now: sibling.text, options: added })
      continue
    }
    const kept = [...g.options]
      .sort((a, b) => b.length - a.length)
      .find((o) => occurrences(newText, o) > occurrences(oldText, o) - occurrences(g.text, o))
    if (kept) changes.push({ kind: 'resolved', group: g.text, kept })
    else if (!take(news, (h) => overlap(g.text, h.text) >= 0.5)) changes.push({ kind: 'dropped', group: g.text })
  }
  for (const h of news) changes.push({ kind: 'added', group: h.text })
  return changes
}
