/** What happened to one clause between two readings. See SPEC.md. */
export type ChangeType = 'added' | 'deleted' | 'modified' | 'moved' | 'unchanged'

/** What kind of change a changed clause holds; a clause can carry several
 *  (SPEC.md D7). `brackets`: only bracket operations (a group resolved or
 *  dropped, an option dropped, existing text bracketed). `modal`: a modal verb
 *  of one of the six UN languages came or went. `editorial`: only punctuation,
 *  quotes, letter case or accents changed. `substantive`: any other change of
 *  words. `status`: the clause was agreed ad referendum, or reopened. */
export type ChangeTag = 'brackets' | 'modal' | 'editorial' | 'substantive' | 'status'

/** Where a clause stands: open, or agreed ad referendum. */
export type ClauseStatus = 'open' | 'adref'

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
  status: ClauseStatus
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
  /** One option of a group was reworded (words added inside the brackets, a
   *  phrase changed) and the group stays. */
  | { kind: 'option-edited'; group: string; now: string; from: string; to: string }

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
  /** When the clause's status changed (agreed ad referendum, or reopened). */
  status?: { old: ClauseStatus; new: ClauseStatus }
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

/** A section's numeral and title in one reading. */
export interface SectionHeading {
  numeral: string
  title: string
}

/** One section of the comparison with its counts. `numeral` and `title` are
 *  the new reading's (the old one's for a section that no longer exists);
 *  `old` and `new` say how it stood on each side (null where it does not
 *  exist), so a retitled or renumbered section shows both. */
export interface SectionSummary extends ChangeCounts, SectionHeading {
  old: SectionHeading | null
  new: SectionHeading | null
}

export interface DiffSummary extends ChangeCounts {
  /** The same counts per section: the new reading's sections in order, then
   *  old sections that no longer exist (deleted clauses count in the section
   *  they stood in). */
  sections: SectionSummary[]
}

/** One clause's number on each side (D11): every clause found in both readings. */
export interface NumberingEntry {
  old: string
  new: string
  /** The clause's text as it stands in the new reading, shortened. */
  excerpt: string
}

/** A reference in a clause's text to another clause or section (D12). */
export interface CrossReference {
  /** The new key of the clause that holds the reference. */
  in: string
  /** The reference as written: `paragraph 4 above`. */
  text: string
  /** Where it stands in the new clause text (UTF-16 offsets). */
  start: number
  end: number
  /** The old key (or section numeral) it cited. */
  cited: string
  /** Where that now stands, or null when it was deleted. */
  now: string | null
  /** The reference rewritten to cite where the clause stands now; null when
   *  the cited clause was deleted. */
  proposed: string | null
}

/** The clauses a bracket spanning paragraphs holds in one reading: the keys
 *  of its first and last clause, and how many clauses it holds. */
export interface SpanExtent {
  from: string
  to: string
  clauses: number
}

/** What happened to a bracket spanning paragraphs (D16). */
export type SpanChange =
  /** A new span (new clauses, or existing ones put in brackets). */
  | { kind: 'added'; new: SpanExtent }
  /** The brackets went and the clauses they held (some at least) stay. */
  | { kind: 'resolved'; old: SpanExtent }
  /** The brackets went with every clause they held. */
  | { kind: 'dropped'; old: SpanExtent }
  /** The span stays but holds other clauses: it was widened or narrowed. */
  | { kind: 'changed'; old: SpanExtent; new: SpanExtent }

/** The result of `diffReadings`. */
export interface ReadingDiff {
  summary: DiffSummary
  changes: ClauseChange[]
  /** Brackets spanning paragraphs that were added, resolved, dropped or
   *  changed, in the new reading's order (D16). */
  spans: SpanChange[]
  /** Every clause found in both readings, old number → new, in new order. */
  numbering: NumberingEntry[]
  /** References whose target moved or was renumbered (or deleted), with the
   *  corrected reference. */
  references: CrossReference[]
  /** How clauses were aligned: by stable id (both sides from the editor) or by
   *  content (at least one side from a file). */
  alignedBy: 'id' | 'content'
}
