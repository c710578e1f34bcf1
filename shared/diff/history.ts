import type { Node } from 'prosemirror-model'
import { countBrackets } from '../brackets/groups'
import { diffReadings } from './index'
import type { BracketChange, ChangeTag, ClauseChange, ClauseStatus, WordEdit } from './types'

/** One reading of a history: a name to show and the document. */
export interface HistoryReading {
  name: string
  doc: Node
}

/** How a clause stood in one reading. */
export interface ClauseState {
  key: string
  text: string
  status: ClauseStatus
  /** Bracket pairs in the clause (each `[…]` counts one). */
  brackets: number
}

/** What happened to a clause from one reading to the next (SPEC.md D14). */
export interface ClauseStep {
  /** The reading it happened in (index into `readings`). */
  reading: number
  type: 'appeared' | 'modified' | 'moved' | 'renumbered' | 'deleted'
  /** The clause's key before (null when it appeared) and after (null when deleted). */
  from: string | null
  to: string | null
  tags: ChangeTag[]
  edits: WordEdit[]
  brackets: BracketChange[]
  status?: { old: ClauseStatus; new: ClauseStatus }
  splitFrom?: string
  mergedInto?: string
}

/** The life of one clause across all readings. */
export interface ClauseLife {
  /** Its key where it last stood (the last reading that holds it). */
  key: string
  /** Its state in each reading, null where it did not exist. */
  states: (ClauseState | null)[]
  /** Every change, in reading order; unchanged readings leave no step. */
  steps: ClauseStep[]
}

/** Bracket pairs of one section in each reading (null where it did not exist). */
export interface BurnDownRow {
  numeral: string
  title: string
  counts: (number | null)[]
}

/** The result of `readingHistory`. */
export interface ReadingHistory {
  readings: string[]
  clauses: ClauseLife[]
  /** Bracket pairs per section per reading, sections in the last reading's
   *  order, then sections that no longer exist; and the whole text. */
  burnDown: { sections: BurnDownRow[]; total: number[] }
}

const stateOf = (change: ClauseChange, side: 'old' | 'new', brackets: number): ClauseState | null => {
  const ref = change[side]
  return ref ? { key: ref.key, text: ref.text, status: ref.status, brackets } : null
}

function stepOf(change: ClauseChange, reading: number): ClauseStep | null {
  const type =
    change.type === 'added'
      ? 'appeared'
      : change.type === 'unchanged'
        ? change.renumbered
          ? 'renumbered'
          : null
        : change.type
  if (!type) return null
  const step: ClauseStep = {
    reading,
    type,
    from: change.old?.key ?? null,
    to: change.new?.key ?? null,
    tags: change.tags,
    edits: change.type === 'unchanged' ? [] : change.edits,
    brackets: change.brackets,
  }
  if (change.status) step.status = change.status
  if (change.splitFrom) step.splitFrom = change.splitFrom
  if (change.mergedInto) step.mergedInto = change.mergedInto
  return step
}

/** Bracket pairs of each clause of a reading, by clause position. */
function clauseBrackets(doc: Node): number[] {
  const out: number[] = []
  doc.forEach((section) => {
    section.forEach((child) => {
      if (child.type.name === 'clause') out.push(countBrackets(child).pairs)
    })
  })
  return out
}

/** Follows every clause through a series of readings (SPEC.md D14): each
 *  reading is compared with the next, and a clause paired from one
 *  comparison to the next is the same clause. Gives each clause's text and
 *  status in every reading and each change with its words; and the
 *  brackets left per section per reading (the burn-down). */
export function readingHistory(readings: readonly HistoryReading[]): ReadingHistory {
  const n = readings.length
  const brackets = readings.map((r) => clauseBrackets(r.doc))
  const lives: ClauseLife[] = []
  /** The life of each clause of the reading last compared, by position. */
  let current = new Map<number, ClauseLife>()
  const sections = new SectionLives(n)
  if (n === 1) {
    const only = diffReadings(readings[0].doc, readings[0].doc)
    for (const c of only.changes)
      if (c.new) current.set(c.new.index, start(lives, stateOf(c, 'new', brackets[0][c.new.index]), 0, n))
    sections.first(only)
  }
  for (let k = 1; k < n; k++) {
    const diff = diffReadings(readings[k - 1].doc, readings[k].doc)
    const next = new Map<number, ClauseLife>()
    for (const change of diff.changes) {
      let life = change.old ? current.get(change.old.index) : undefined
      if (!life && change.old) {
        life = start(lives, stateOf(change, 'old', brackets[k - 1][change.old.index]), k - 1, n)
      }
      if (!life) life = start(lives, null, k, n)
      const step = stepOf(change, k)
      if (step) life.steps.push(step)
      if (change.new) {
        life.states[k] = stateOf(change, 'new', brackets[k][change.new.index])
        life.key = change.new.key
        next.set(change.new.index, life)
      }
    }
    current = next
    if (k === 1) sections.first(diff)
    sections.follow(diff, k)
  }
  return { readings: readings.map((r) => r.name), clauses: lives, burnDown: sections.rows() }
}

function start(lives: ClauseLife[], state: ClauseState | null, at: number, n: number): ClauseLife {
  const life: ClauseLife = { key: state?.key ?? '', states: new Array(n).fill(null), steps: [] }
  life.states[at] = state
  lives.push(life)
  return life
}

type Diff = ReturnType<typeof diffReadings>

/** Sections followed from reading to reading through each comparison's
 *  section pairs (D3), with their bracket counts. */
class SectionLives {
  private rowsList: BurnDownRow[] = []
  private byNumeral = new Map<string, BurnDownRow>()
  private totals: number[]

  constructor(private readonly n: number) {
    this.totals = new Array(n).fill(0)
  }

  /** The first reading's sections, from the old side of its comparison. */
  first(diff: Diff) {
    this.totals[0] = diff.summary.brackets.old
    for (const s of diff.summary.sections) {
      if (!s.old) continue
      const row: BurnDownRow = { numeral: s.old.numeral, title: s.old.title, counts: new Array(this.n).fill(null) }
      row.counts[0] = s.brackets.old
      this.rowsList.push(row)
      this.byNumeral.set(s.old.numeral, row)
    }
  }

  /** Reading `k`'s sections: each continues the row of the old section it pairs with. */
  follow(diff: Diff, k: number) {
    this.totals[k] = diff.summary.brackets.new
    const next = new Map<string, BurnDownRow>()
    for (const s of diff.summary.sections) {
      if (!s.new) continue
      let row = s.old ? this.byNumeral.get(s.old.numeral) : undefined
      if (!row) {
        row = { numeral: s.new.numeral, title: s.new.title, counts: new Array(this.n).fill(null) }
        this.rowsList.push(row)
      }
      row.numeral = s.new.numeral
      row.title = s.new.title
      row.counts[k] = s.brackets.new
      next.set(s.new.numeral, row)
    }
    this.byNumeral = next
  }

  rows(): ReadingHistory['burnDown'] {
    const last = this.n - 1
    const live = this.rowsList.filter((r) => r.counts[last] !== null)
    const gone = this.rowsList.filter((r) => r.counts[last] === null)
    const order = new Map([...this.byNumeral.values()].map((r, i) => [r, i]))
    live.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
    return { sections: [...live, ...gone], total: this.totals }
  }
}
