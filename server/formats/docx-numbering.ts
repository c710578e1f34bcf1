import type { Document, Element } from '@xmldom/xmldom'
import { letterLabel, romanLabel } from '../../shared/schema/numbering'
import { W, wAttr, wChild, wChildren, wVal } from './ooxml'

/** A paragraph's place in a Word list: `<w:numPr>` numId and level. */
export interface ListRef {
  numId: string
  ilvl: number
}

/** What a paragraph style says about its paragraphs, inheritance resolved. */
export interface StyleFacts {
  /** Lower-case style name: `heading 1`, `title`, `normal`. */
  name: string
  list: ListRef | null
  /** Left indentation in twips. */
  indent: number | null
}

/** Reads `<w:numPr>` (or null when absent or numId 0, which means "no list"). */
export function listRef(pPr: Element | null): ListRef | null {
  const numPr = wChild(pPr, 'numPr')
  const numId = wVal(numPr, 'numId')
  if (!numPr || !numId || numId === '0') return null
  return { numId, ilvl: Number(wVal(numPr, 'ilvl') ?? 0) }
}

/** Left indentation of `<w:ind>` in twips (`w:start` is the newer name). */
export function indentOf(pPr: Element | null): number | null {
  const ind = wChild(pPr, 'ind')
  const value = wAttr(ind, 'left') ?? wAttr(ind, 'start')
  return value === null ? null : Number(value)
}

/** Paragraph styles from styles.xml, each resolved through its `basedOn` chain. */
export function readStyles(styles: Document | null): Map<string, StyleFacts> {
  const raw = new Map<string, { name: string; basedOn: string | null; list: ListRef | null; indent: number | null }>()
  for (const style of styles ? Array.from(styles.getElementsByTagNameNS(W, 'style')) : []) {
    if (wAttr(style, 'type') !== 'paragraph') continue
    const pPr = wChild(style, 'pPr')
    raw.set(wAttr(style, 'styleId') ?? '', {
      name: (wVal(style, 'name') ?? '').toLowerCase(),
      basedOn: wVal(style, 'basedOn'),
      list: listRef(pPr),
      indent: indentOf(pPr),
    })
  }
  const resolved = new Map<string, StyleFacts>()
  for (const [id, style] of raw) {
    let list = style.list
    let indent = style.indent
    const seen = new Set([id])
    for (let base = style.basedOn; base && !seen.has(base); ) {
      const next = raw.get(base)
      if (!next) break
      seen.add(base)
      list ??= next.list
      indent ??= next.indent
      base = next.basedOn
    }
    resolved.set(id, { name: style.name, list, indent })
  }
  return resolved
}

interface LevelDefinition {
  format: string
  text: string
  start: number
}

/** Word's automatic numbering, computed the way Word displays it: a counter
 *  per list and level, deeper levels restarting when a shallower one counts,
 *  lists that share a definition continuing each other unless a
 *  `<w:lvlOverride><w:startOverride>` restarts them. */
export class ListNumbering {
  private definitions = new Map<string, LevelDefinition[]>()
  private lists = new Map<string, { definition: string; restarts: Map<number, number> }>()
  private counters = new Map<string, (number | undefined)[]>()
  private restarted = new Set<string>()

  constructor(numbering: Document | null) {
    if (!numbering) return
    for (const abstract of Array.from(numbering.getElementsByTagNameNS(W, 'abstractNum'))) {
      const levels: LevelDefinition[] = []
      for (const lvl of wChildren(abstract, 'lvl')) {
        levels[Number(wAttr(lvl, 'ilvl') ?? 0)] = {
          format: wVal(lvl, 'numFmt') ?? 'decimal',
          text: wVal(lvl, 'lvlText') ?? '',
          start: Number(wVal(lvl, 'start') ?? 1),
        }
      }
      this.definitions.set(wAttr(abstract, 'abstractNumId') ?? '', levels)
    }
    for (const num of Array.from(numbering.getElementsByTagNameNS(W, 'num'))) {
      const restarts = new Map<number, number>()
      for (const override of wChildren(num, 'lvlOverride')) {
        const start = wVal(override, 'startOverride')
        if (start !== null) restarts.set(Number(wAttr(override, 'ilvl') ?? 0), Number(start))
      }
      this.lists.set(wAttr(num, 'numId') ?? '', { definition: wVal(num, 'abstractNumId') ?? '', restarts })
    }
  }

  /** The format (`decimal`, `lowerLetter`, …) and label (`4.`, `(c)`) of the
   *  next paragraph in list `ref`, or null when the list is not defined. */
  next(ref: ListRef): { format: string; label: string } | null {
    const list = this.lists.get(ref.numId)
    const levels = list && this.definitions.get(list.definition)
    const level = levels?.[ref.ilvl]
    if (!list || !levels || !level) return null
    const counters = this.counters.get(list.definition) ?? []
    this.counters.set(list.definition, counters)
    if (!this.restarted.has(ref.numId)) {
      this.restarted.add(ref.numId)
      for (const [ilvl, start] of list.restarts) counters[ilvl] = start - 1
    }
    counters[ref.ilvl] = (counters[ref.ilvl] ?? level.start - 1) + 1
    counters.fill(undefined, ref.ilvl + 1)
    const label = level.text.replace(/%(\d)/g, (_, d: string) => {
      const at = Number(d) - 1
      return formatCounter(counters[at] ?? levels[at]?.start ?? 1, levels[at]?.format ?? 'decimal')
    })
    return { format: level.format, label }
  }
}

function formatCounter(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
      return letterLabel(n)
    case 'upperLetter':
      return letterLabel(n).toUpperCase()
    case 'lowerRoman':
      return romanLabel(n)
    case 'upperRoman':
      return romanLabel(n).toUpperCase()
    case 'decimalZero':
      return String(n).padStart(2, '0')
    case 'bullet':
    case 'none':
      return ''
    default:
      return String(n)
  }
}
