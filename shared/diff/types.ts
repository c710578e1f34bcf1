/** What happened to one clause between two readings. See SPEC.md. */
export type ChangeType = 'added' | 'deleted' | 'modified' | 'moved' | 'unchanged'

/** What kind of change a changed clause holds; a clause can carry several.
 *  `brackets`: only bracket operations (a group resolved or dropped, an option
 *  dropped, existing text bracketed). `modal`: a modal verb (shall, should,
 *  may, must, will) was inserted or deleted. `editorial`: only punctuation or
 *  letter case changed. `substantive`: anything else. */
export type ChangeTag = 'brackets' | 'modal' | 'editorial' | 'substantive'

/** A clause on one side of a comparison. */
export interface ClauseRef {
  /** Section numeral: `I`. */
  section: string
  /** Number within the section as cited: `4(c)`. */
  number: string
  /** `SECTION.NUMBER`: `I.4(c)`. */
  key: string
  /** The clause text in the notation, white space folded. */
  text: string
  id: string | null
  level: number
  /** Position of the clause in its reading, from 0. */
  index: number
}

/** One run of a word-level diff inside a clause. Joining `equal` and `delete`
 *  runs gives the old text; `equal` and `insert` the new one. */
export interface WordEdit {
  op: 'equal' | 'insert' | 'delete'
  text: string
}

/** A change to the brackets of a clause. Groups are written in the notation. */
export type BracketChange =
  /** A group was resolved: one option's text stands without brackets. */
  | { kind: 'resolved'; group: string; kept: string }
  /** A group went away with all its text. */
  | { kind: 'dropped'; group: string }
  /** A group appeared (new text, or existing text put in brackets). */
  | { kind: 'added'; group: string }
  /** A group lost some options and kept the others. */
  | { kind: 'options-dropped'; group: string; now: string; options: string[] }
  /** A group gained options. */
  | { kind: 'options-added'; group: string; now: string; options: string[] }

/** One clause in the comparison, in reading order (new order; deleted clauses
 *  stand where they stood in the old reading). */
export interface ClauseChange {
  type: ChangeType
  old: ClauseRef | null
  new: ClauseRef | null
  /** The clause's number changed (for unchanged or modified clauses: only
   *  because something was inserted or removed before it). */
  renumbered: boolean
  tags: ChangeTag[]
  edits: WordEdit[]
  brackets: BracketChange[]
  /** For an added clause that took part of an old clause's text: that clause's key. */
  splitFrom?: string
  /** For a deleted clause whose text went into another clause: that clause's new key. */
  mergedInto?: string
}

/** Counts for a whole comparison or one section of it. */
export interface ChangeCounts {
  added: number
  deleted: number
  modified: number
  moved: number
  unchanged: number
  brackets: { old: number; new: number }
}

export interface DiffSummary extends ChangeCounts {
  /** The same counts per section of the new reading (deleted clauses count in
   *  their old section). */
  sections: (ChangeCounts & { numeral: string; title: string })[]
}

/** The result of `diffReadings`. */
export interface ReadingDiff {
  summary: DiffSummary
  changes: ClauseChange[]
  /** How clauses were aligned: by stable id (both sides from the editor) or by
   *  content (at least one side from a file). */
  alignedBy: 'id' | 'content'
}
