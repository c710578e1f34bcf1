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

/** The numbers of every clause in a section node, in order. */
export function numberSection(section: Node): ClauseNumber[] {
  const numberer = new ClauseNumberer()
  const out: ClauseNumber[] = []
  section.forEach((child) => {
    if (child.type.name !== 'clause') return
    const attrs = child.attrs as ClauseAttrs
    out.push(numberer.next(attrs.level, attrs.label))
  })
  return out
}
