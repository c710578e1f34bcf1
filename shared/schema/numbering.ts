import type { Node } from 'prosemirror-model'
import type { ClauseAttrs, ClauseLevel } from './nodes'

/** The number of one clause, computed from its position (or its given label). */
export interface ClauseNumber {
  /** The clause's own label: `4`, `c`, `ii`, `4bis`, `A`; empty when unnumbered. */
  own: string
  /** The number within its section as cited: `4`, `4(c)`, `4(c)(ii)`, `u1` for
   *  the first unnumbered paragraph. */
  number: string
  /** How the number is printed before the text: `4.`, `(c)`, `(ii)`, or empty. */
  display: string
}

/** UN-style letters: a…z, then aa, bb, …, zz, aaa. */
export function letterLabel(n: number): string {
  const letter = String.fromCharCode(97 + ((n - 1) % 26))
  return letter.repeat(Math.floor((n - 1) / 26) + 1)
}

/** The position of a UN-style letter label (`a` → 1, `aa` → 27), or null. */
export function letterIndex(label: string): number | null {
  const m = /^([a-zA-Z])\1*$/.exec(label)
  if (!m) return null
  return (label.length - 1) * 26 + (m[1].toLowerCase().charCodeAt(0) - 96)
}

const romanDigits: [number, string][] = [
  [1000, 'm'],
  [900, 'cm'],
  [500, 'd'],
  [400, 'cd'],
  [100, 'c'],
  [90, 'xc'],
  [50, 'l'],
  [40, 'xl'],
  [10, 'x'],
  [9, 'ix'],
  [5, 'v'],
  [4, 'iv'],
  [1, 'i'],
]

/** Lower-case roman numeral for n ≥ 1. */
export function romanLabel(n: number): string {
  let out = ''
  for (const [value, digits] of romanDigits) {
    while (n >= value) {
      out += digits
      n -= value
    }
  }
  return out
}

/** The value of a well-formed roman numeral (either case), or null. */
export function romanValue(label: string): number | null {
  if (!/^[ivxlcdm]+$/i.test(label)) return null
  let n = 0
  let rest = label.toLowerCase()
  for (const [value, digits] of romanDigits) {
    while (rest.startsWith(digits)) {
      n += value
      rest = rest.slice(digits.length)
    }
  }
  return rest === '' && romanLabel(n) === label.toLowerCase() ? n : null
}

/** Numbers the clauses of one section in order, as the notation and the editor
 *  show them: numbered paragraphs count 1, 2, …; lettered sub-paragraphs
 *  restart under each paragraph; roman ones under each sub-paragraph. A given
 *  label (`4bis`) is printed as is and moves the counter to its value, so the
 *  paragraph after `4bis` is 5. */
export class ClauseNumberer {
  private paragraph = 0
  private letter = 0
  private roman = 0
  private unnumbered = 0
  private paragraphNumber = ''
  private letterNumber = ''

  /** The label the next clause at `level` gets if it has none of its own. */
  expected(level: ClauseLevel): string {
    if (level === 1) return String(this.paragraph + 1)
    if (level === 2) return letterLabel(this.letter + 1)
    if (level === 3) return romanLabel(this.roman + 1)
    return ''
  }

  /** Numbers the next clause and advances the counters. */
  next(level: ClauseLevel, label: string | null): ClauseNumber {
    const own = label ?? this.expected(level)
    if (level === 0) {
      this.unnumbered++
      return { own: '', number: `u${this.unnumbered}`, display: '' }
    }
    if (level === 1) {
      const value = /^\d+/.exec(own)
      this.paragraph = value ? Number(value[0]) : this.paragraph
      this.letter = this.roman = 0
      this.paragraphNumber = this.letterNumber = own
      return { own, number: own, display: `${own}.` }
    }
    if (level === 2) {
      this.letter = letterIndex(own) ?? this.letter
      this.roman = 0
      this.letterNumber = `${this.paragraphNumber}(${own})`
      return { own, number: this.letterNumber, display: `(${own})` }
    }
    this.roman = romanValue(own) ?? this.roman
    return { own, number: `${this.letterNumber}(${own})`, display: `(${own})` }
  }
}

/** Latin multiplicatives, as UN texts number paragraphs inserted between readings. */
const multiplicatives = ['bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies', 'novies', 'decies']

/** The label after `4` (or `4bis`) for a paragraph inserted after it: `4bis`,
 *  then `4ter`; null past `decies`. */
export function nextInsertedLabel(label: string): string | null {
  const m = /^(\d+) ?([a-z]*)$/.exec(label)
  if (!m) return null
  const at = m[2] ? multiplicatives.indexOf(m[2]) : -1
  if (m[2] && at < 0) return null
  return at + 1 < multiplicatives.length ? `${m[1]}${multiplicatives[at + 1]}` : null
}

/** Whether a paragraph label is a plain number (`4`), as keeping the numbers
 *  of a reading stamps them. */
export const isKeptNumber = (label: string | null): label is string => label !== null && /^\d+$/.test(label)

/** The numbers of every clause in a section node, in order. A paragraph with
 *  no label of its own that stands before a paragraph whose number was kept
 *  (`4`, `5` stamped after a reading) at or below the number it would get is
 *  an insertion between them: it is numbered `4bis`, the next `4ter`, and
 *  the kept numbers stay put. */
export function numberSection(section: Node): ClauseNumber[] {
  const clauses: ClauseAttrs[] = []
  section.forEach((child) => {
    if (child.type.name === 'clause') clauses.push(child.attrs as ClauseAttrs)
  })
  const numberer = new ClauseNumberer()
  const out: ClauseNumber[] = []
  let previous: string | null = null
  clauses.forEach((attrs, i) => {
    let label = attrs.label
    if (attrs.level === 1 && label === null && previous !== null) {
      const next = clauses.slice(i + 1).find((c) => c.level === 1 && c.label !== null)
      if (next && isKeptNumber(next.label) && Number(next.label) <= Number(numberer.expected(1)))
        label = nextInsertedLabel(previous)
    }
    const number = numberer.next(attrs.level, label)
    if (attrs.level === 1) previous = number.own
    out.push(number)
  })
  return out
}
