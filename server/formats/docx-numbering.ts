import type { Document, Element } from '@xmldom/xmldom'
import { letterLabel, romanLabel } from '../../shared/schema/numbering'
import { W, wAttr, wChild, wChildren, wVal } from './ooxml'

/** A paragraph's place in a Word list: `<w:numPr>` numId and level. */
export interface ListRef {
  numId: string
  ilvl: number
}

/** What one `<w:numPr>` says; either part may be missing (Word inherits each
 *  separately), and numId `0` means "no number". */
interface NumPr {
  numId: string | null
  ilvl: number | null
}

/** What a paragraph style says about its paragraphs, inheritance resolved. */
export interface StyleFacts {
  /** Lower-case style name: `heading 1`, `title`, `normal`, `rt paragraph`. */
  name: string
  /** The list the style numbers its paragraphs with (`0` for none), and level. */
  numId: string | null
  ilvl: number | null
  /** Left indentation in twips. */
  indent: number | null
  /** The heading level (1 for Heading 1) from the style or its outline level. */
  headingLevel: number | null
  /** Whether the style's runs are bold. */
  bold: boolean
}

function numPrOf(pPr: Element | null): NumPr | null {
  const numPr = wChild(pPr, 'numPr')
  if (!numPr) return null
  const ilvl = wVal(numPr, 'ilvl')
  return { numId: wVal(numPr, 'numId'), ilvl: ilvl === null ? null : Number(ilvl) }
}

/** Left indentation of `<w:ind>` in twips (`w:start` is the newer name). */
export function indentOf(pPr: Element | null): number | null {
  const ind = wChild(pPr, 'ind')
  const value = wAttr(ind, 'left') ?? wAttr(ind, 'start')
  return value === null ? null : Number(value)
}

/** Whether `<w:b/>` (or `<w:b w:val="1"/>`) is set in run properties. */
export function isBold(rPr: Element | null): boolean | null {
  const b = wChild(rPr, 'b')
  if (!b) return null
  const val = wAttr(b, 'val')
  return val === null || val === '1' || val === 'true' || val === 'on'
}

interface RawStyle {
  name: string
  basedOn: string | null
  numPr: NumPr | null
  indent: number | null
  outline: number | null
  bold: boolean | null
}

/** Paragraph styles from styles.xml, each resolved through its `basedOn`
 *  chain: numId and ilvl are inherited separately, so a style that sets only
 *  `ilvl` keeps its base style's list. */
export function readStyles(styles: Document | null): Map<string, StyleFacts> {
  const raw = new Map<string, RawStyle>()
  for (const style of styles ? Array.from(styles.getElementsByTagNameNS(W, 'style')) : []) {
    if (wAttr(style, 'type') !== 'paragraph') continue
    const pPr = wChild(style, 'pPr')
    const outline = wVal(pPr, 'outlineLvl')
    raw.set(wAttr(style, 'styleId') ?? '', {
      name: (wVal(style, 'name') ?? '').toLowerCase(),
      basedOn: wVal(style, 'basedOn'),
      numPr: numPrOf(pPr),
      indent: indentOf(pPr),
      outline: outline === null ? null : Number(outline),
      bold: isBold(wChild(style, 'rPr')),
    })
  }
  const resolved = new Map<string, StyleFacts>()
  for (const [id, style] of raw) {
    const chain = [style]
    const seen = new Set([id])
    for (let base = style.basedOn; base && !seen.has(base); ) {
      const next = raw.get(base)
      if (!next) break
      seen.add(base)
      chain.push(next)
      base = next.basedOn
    }
    const first = <T>(pick: (s: RawStyle) => T | null): T | null => {
      for (const s of chain) {
        const value = pick(s)
        if (value !== null) return value
      }
      return null
    }
    const named = /^heading (\d)$/.exec(style.name)
    const outline = first((s) => s.outline)
    resolved.set(id, {
      name: style.name,
      numId: first((s) => s.numPr?.numId ?? null),
      ilvl: first((s) => s.numPr?.ilvl ?? null),
      indent: first((s) => s.indent),
      headingLevel: named ? Number(named[1]) : outline !== null && outline < 9 ? outline + 1 : null,
      bold: first((s) => s.bold) ?? false,
    })
  }
  return resolved
}

/** The list a paragraph is numbered by, as Word decides it: the paragraph's
 *  own numId and ilvl override its style's, each separately; numId `0` means
 *  no number; a level missing everywhere is the level the list ties to the
 *  style (`<w:pStyle>` in a `<w:lvl>`), else 0. */
export function listOf(
  pPr: Element | null,
  styleId: string | null,
  style: StyleFacts | undefined,
  lists: ListNumbering,
): ListRef | null {
  const own = numPrOf(pPr)
  const numId = own?.numId ?? style?.numId ?? null
  if (!numId || numId === '0') return null
  const ilvl = own?.ilvl ?? style?.ilvl ?? (styleId ? lists.levelOfStyle(numId, styleId) : null) ?? 0
  return { numId, ilvl }
}

interface LevelDefinition {
  format: string
  text: string
  start: number
  /** The paragraph style tied to this level, if any. */
  style: string | null
}

function readLevel(lvl: Element): LevelDefinition {
  return {
    format: wVal(lvl, 'numFmt') ?? 'decimal',
    text: wVal(lvl, 'lvlText') ?? '',
    start: Number(wVal(lvl, 'start') ?? 1),
    style: wVal(lvl, 'pStyle'),
  }
}

interface ListInstance {
  levels: LevelDefinition[]
  /** The abstract definition, whose counters every instance of it shares. */
  counters: string
  /** Start overrides: the levels this instance restarts where it is first used. */
  starts: Map<number, number>
}

/** Word's automatic numbering, computed the way Word (and LibreOffice)
 *  display it: a counter per abstract list and level, deeper levels restarting
 *  when a shallower one counts. Instances (`<w:num>`) of one definition share
 *  its counters and continue each other; an instance with a start override
 *  restarts that level (that level only) where it is first used, and may
 *  redefine a level's format for its own paragraphs. */
export class ListNumbering {
  private instances = new Map<string, ListInstance>()
  private counters = new Map<string, (number | undefined)[]>()
  private started = new Set<string>()

  constructor(numbering: Document | null) {
    if (!numbering) return
    const definitions = new Map<string, LevelDefinition[]>()
    for (const abstract of Array.from(numbering.getElementsByTagNameNS(W, 'abstractNum'))) {
      const levels: LevelDefinition[] = []
      for (const lvl of wChildren(abstract, 'lvl')) levels[Number(wAttr(lvl, 'ilvl') ?? 0)] = readLevel(lvl)
      definitions.set(wAttr(abstract, 'abstractNumId') ?? '', levels)
    }
    for (const num of Array.from(numbering.getElementsByTagNameNS(W, 'num'))) {
      const abstractId = wVal(num, 'abstractNumId') ?? ''
      const levels = [...(definitions.get(abstractId) ?? [])]
      const starts = new Map<number, number>()
      const overrides = wChildren(num, 'lvlOverride')
      for (const override of overrides) {
        const ilvl = Number(wAttr(override, 'ilvl') ?? 0)
        const lvl = wChild(override, 'lvl')
        if (lvl) levels[ilvl] = readLevel(lvl)
        const start = wVal(override, 'startOverride') ?? (lvl ? String(levels[ilvl]?.start ?? 1) : null)
        if (start !== null) starts.set(ilvl, Number(start))
      }
      const id = wAttr(num, 'numId') ?? ''
      this.instances.set(id, { levels, counters: abstractId, starts })
    }
  }

  /** The level of list `numId` tied to paragraph style `styleId`, or null. */
  levelOfStyle(numId: string, styleId: string): number | null {
    const at = this.instances.get(numId)?.levels.findIndex((l) => l?.style === styleId) ?? -1
    return at >= 0 ? at : null
  }

  /** The format (`decimal`, `lowerLetter`, …) and label (`4.`, `(c)`) of the
   *  next paragraph in list `ref`, or null when the list is not defined. */
  next(ref: ListRef): { format: string; label: string } | null {
    const list = this.instances.get(ref.numId)
    const level = list?.levels[ref.ilvl]
    if (!list || !level) return null
    const counters = this.counters.get(list.counters) ?? []
    this.counters.set(list.counters, counters)
    if (!this.started.has(ref.numId)) {
      this.started.add(ref.numId)
      for (const [ilvl, start] of list.starts) counters[ilvl] = start - 1
    }
    counters[ref.ilvl] = (counters[ref.ilvl] ?? level.start - 1) + 1
    counters.fill(undefined, ref.ilvl + 1)
    const label = level.text.replace(/%(\d)/g, (_, d: string) => {
      const at = Number(d) - 1
      const defined = list.levels[at]
      return formatCounter(counters[at] ?? defined?.start ?? 1, defined?.format ?? 'decimal')
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
