import { Fragment, type Node } from 'prosemirror-model'
import { serializeInline } from '../notation/inline'
import { foldText } from './clauses'
import type { BracketChange } from './types'

/** One logical bracket group: a set of alternatives, with the groups nested
 *  in its options. Groups written `[a] [b]` (a space between) are one group,
 *  as `[a][b]` is: the space is editorial (SPEC.md D8.6). */
interface Group {
  /** The group in the notation, spaces between its brackets left out. */
  text: string
  /** Each option in the notation. */
  options: string[]
  /** Each option's text as it could stand once its nested groups are
   *  resolved, dropped or kept as written, and its label (`Option 2:`) left
   *  out: `show` to report, `key` to compare (white space left out). */
  flat: Reading[][]
  /** 0 for a group standing in the clause text, 1 inside one group… */
  depth: number
  parent: Group | null
}

interface Reading {
  show: string
  key: string
}

/** Marks a nested group kept as written (see asWritten). */
const mark = '\u0000'
/** Text compared without white space: a space dropped before a comma when a
 *  nested group is resolved is no difference. */
const squash = (text: string) => text.replace(/\s+/g, '')

/** Past this many ways of reading an option's nested groups, only the first are tried. */
const maxReadings = 32

/** A label a secretariat puts before an alternative and takes away when it resolves it. */
const optionLabel = /^(?:option|alternative|alt\.?|variante?|opción|вариант)\s*[0-9a-z]{0,3}\s*[:.\-–—]\s*/iu

const isGroup = (n: Node) => n.type.name === 'bracket_group'

/** A node's (or fragment's) children as an array. */
function childrenOf(parent: Node | Fragment): Node[] {
  const list: Node[] = []
  parent.forEach((child) => {
    list.push(child)
  })
  return list
}
const blank = (n: Node) => n.isText && !(n.text ?? '').trim()

/** The ways an option's content can read once every group in it is resolved
 *  to one of its options, dropped, or kept as written. */
function readings(content: Fragment): string[] {
  let out = ['']
  content.forEach((child) => {
    const parts = isGroup(child) ? [asWritten(child), '', ...groupReadings(child)] : [child.text ?? '']
    out = out.flatMap((head) => parts.map((p) => head + p)).slice(0, maxReadings)
  })
  return out
}

/** A nested group kept as written, in a form no plain text matches (each
 *  character followed by a mark): resolving an outer group is told apart
 *  from keeping its brackets. */
const asWritten = (group: Node) => `${mark}${[...serializeInline(Fragment.from(group))].join(mark)}${mark}`

function groupReadings(group: Node): string[] {
  return childrenOf(group).flatMap((option) => readings(option.content))
}

function flatOf(option: Node): Reading[] {
  const texts = readings(option.content).map(foldText)
  const unlabelled = texts.map((t) => t.replace(optionLabel, '')).filter((t) => !texts.includes(t))
  return [...new Set([...texts, ...unlabelled])]
    .filter((t) => /[\p{L}\p{N}]/u.test(t.replaceAll(mark, '')))
    .map((t) => ({ show: t.replaceAll(mark, ''), key: squash(t) }))
}

/** Every logical group in a clause, outer groups first. */
function groupsOf(content: Fragment, depth = 0, parent: Group | null = null, out: Group[] = []): Group[] {
  const children = childrenOf(content)
  for (let k = 0; k < children.length; k++) {
    if (!isGroup(children[k])) continue
    const run = [children[k]]
    while (k + 2 < children.length && blank(children[k + 1]) && isGroup(children[k + 2])) {
      run.push(children[k + 2])
      k += 2
    }
    const options = run.flatMap(childrenOf)
    const group: Group = {
      text: run.map((g) => foldText(serializeInline(Fragment.from(g)))).join(''),
      options: options.map((o) => foldText(serializeInline(o.content))),
      flat: options.map(flatOf),
      depth,
      parent,
    }
    out.push(group)
    for (const o of options) groupsOf(o.content, depth + 1, group, out)
  }
  return out
}

/** The clause's text standing inside at most `depth` brackets; deeper text
 *  is cut out, leaving a mark no option text contains. */
function textUpTo(content: Fragment, depth: number, at = 0): string {
  let out = ''
  content.forEach((child) => {
    if (!isGroup(child)) out += child.text ?? ''
    else if (at >= depth) out += asWritten(child)
    else for (const option of childrenOf(child)) out += `${textUpTo(option.content, depth, at + 1)}${mark}`
  })
  return at === 0 ? squash(foldText(out)) : out
}

function occurrences(text: string, part: string): number {
  let n = 0
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length)) n++
  return n
}

const wordSet = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])

/** Dice over distinct words: 1 for the same words, 0 for none in common. */
function overlap(a: string, b: string): number {
  const x = wordSet(a)
  const y = wordSet(b)
  let shared = 0
  for (const w of x) if (y.has(w)) shared++
  return x.size + y.size === 0 ? 0 : (2 * shared) / (x.size + y.size)
}

/** Options this alike are one option edited. */
const sameOption = 0.5

/** Takes the first item that passes `test` out of `list`. */
function take<T>(list: T[], test: (item: T) => boolean): T | undefined {
  const k = list.findIndex(test)
  return k < 0 ? undefined : list.splice(k, 1)[0]
}

const within = (g: Group, reported: ReadonlySet<Group>) => {
  for (let p = g.parent; p; p = p.parent) if (reported.has(p)) return true
  return false
}

/** What happened to the brackets of a clause between two readings (SPEC.md
 *  D8), by comparing the two bracket trees: a group resolved to the text of
 *  one option (its nested groups resolved or dropped, its label removed), an
 *  option edited, options dropped or added, a group dropped or added.
 *  Identical groups are not reported, nor the groups inside a group reported
 *  as resolved, dropped or added. */
export function bracketChanges(before: Node, after: Node): BracketChange[] {
  const olds = groupsOf(before.content)
  const news = groupsOf(after.content)
  for (const g of [...olds]) if (take(news, (h) => h.text === g.text)) take(olds, (x) => x === g)
  const plain = { old: new Map<number, string>(), new: new Map<number, string>() }
  const upTo = (side: 'old' | 'new', depth: number) => {
    let text = plain[side].get(depth)
    if (text === undefined) {
      text = textUpTo((side === 'old' ? before : after).content, depth)
      plain[side].set(depth, text)
    }
    return text
  }
  const changes: BracketChange[] = []
  const whole = new Set<Group>()
  for (const g of olds) {
    if (within(g, whole)) continue
    const kept = g.flat
      .flat()
      .sort((a, b) => b.key.length - a.key.length)
      .find((f) => occurrences(upTo('new', g.depth), f.key) > occurrences(upTo('old', g.depth), f.key))
    if (kept !== undefined) {
      whole.add(g)
      changes.push({ kind: 'resolved', group: g.text, kept: kept.show })
      continue
    }
    const sibling =
      take(news, (h) => h.options.some((o) => g.options.includes(o))) ??
      take(news, (h) => overlap(g.text, h.text) >= sameOption)
    if (sibling) changes.push(...optionChanges(g, sibling))
    else {
      whole.add(g)
      changes.push({ kind: 'dropped', group: g.text })
    }
  }
  const added = new Set<Group>()
  for (const h of news) {
    if (within(h, added)) continue
    added.add(h)
    changes.push({ kind: 'added', group: h.text })
  }
  return changes
}

/** How a group's options changed: options that stayed are silent, options
 *  alike are one option edited, the rest dropped or added. */
function optionChanges(g: Group, now: Group): BracketChange[] {
  const dropped = g.options.filter((o) => !now.options.includes(o))
  const added = now.options.filter((o) => !g.options.includes(o))
  const changes: BracketChange[] = []
  // An option that changed only because a group nested in it was resolved
  // or dropped: that group's own change says so.
  g.options.forEach((from, k) => {
    const to = take(added, (o) => g.flat[k].some((f) => f.key === squash(o)))
    if (to !== undefined) take(dropped, (o) => o === from)
  })
  for (const from of [...dropped]) {
    const to = take(added, (o) => overlap(from, o) >= sameOption)
    if (to === undefined) continue
    take(dropped, (o) => o === from)
    changes.push({ kind: 'option-edited', group: g.text, now: now.text, from, to })
  }
  if (dropped.length) changes.push({ kind: 'options-dropped', group: g.text, now: now.text, options: dropped })
  if (added.length) changes.push({ kind: 'options-added', group: g.text, now: now.text, options: added })
  return changes
}
