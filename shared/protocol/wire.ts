import type { WordEdit } from '../diff/types'
import type { Role } from './roles'

/** Who made something, as everybody sees it: a token's holder, or the server itself (`system`) for seeding and
 *  for readings it derives. */
export interface Signature {
  role: Role | 'system'
  state: string | null
  name: string
}

/** `GET /api/me`: who the token belongs to. */
export interface Me {
  role: Role
  /** The state a delegation speaks for; null for every other role. */
  state: string | null
  /** The negotiation the token is for; null for every negotiation. */
  negotiation: string | null
  name: string
  /** The invitation behind this token. */
  invitation: string
}

/** A negotiation: one rolling text, its readings and positions. */
export interface Negotiation {
  id: string
  title: string
  createdAt: string
}

/** A frozen reading without its text, as listed by the API and mirrored in the meta room. */
export interface ReadingSummary {
  id: string
  name: string
  /** The date the reading is of (ISO date, `2025-03-03`): the one given, else the file's, else the day it was made. */
  date: string
  createdAt: string
  createdBy: Signature
  /** Bracket pairs and groups left in the reading. */
  brackets: { pairs: number; groups: number }
  /** The chair's note on the reading (what it is, what was agreed on it); empty for none. */
  note: string
}

/** An invitation as recorded when its token was signed and as the chair lists it (its token is never shown
 *  again). A revoked or deleted record disables its token. */
export interface Invitation {
  id: string
  role: Role
  state: string | null
  /** The negotiation the token is for; null for every negotiation. */
  negotiationId: string | null
  name: string
  createdAt: string
  createdBy: string
  revokedAt: string | null
}

/** What one change did to a clause: made, changed (its words, level or place) or deleted it; agreed it ad
 *  referendum, or took that mark off (`adref-removed`, as the chair's change to agreed text does). */
export type ClauseChangeKind = 'created' | 'edited' | 'deleted' | 'adref-agreed' | 'adref-removed'

/** One line of `GET …/clauses/ID/history`. Consecutive edits by one person (none more than ten minutes after
 *  the one before) are one line, dated by the last of them. */
export interface HistoryEntry {
  at: string
  author: Signature
  kind: ClauseChangeKind
  /** For an edit: what it did to the clause's words (insertions and deletions, with a few unchanged words
   *  around them and `…` for the rest; empty when only its level or place changed). Absent where the text
   *  before is not known (changes recorded before histories kept words). */
  words?: WordEdit[]
}

/** The file formats a text is exported in (`GET …/export?format=`, `rolling-text export --format`). */
export const exportFormats = ['docx', 'txt', 'akn', 'html'] as const

/** One of `exportFormats`. */
export type ExportFormat = (typeof exportFormats)[number]
