import type { Position, Proposal } from '../../shared/positions/position'
import type {
  ClauseChangeKind,
  HistoryEntry,
  Invitation,
  Negotiation,
  ReadingSummary,
  Signature,
} from '../../shared/protocol/wire'

// The records the stores hold are the wire's own types, defined once in shared/protocol.
export type { ClauseChangeKind, Invitation, Negotiation, ReadingSummary }

/** Who made a change: a token's identity, or the server itself (`system`) for
 *  seeding and the server-authored meta document. */
export interface Author extends Signature {
  /** The invitation the change came through; null for the server. */
  tokenId: string | null
}

/** One clause an update changed, and how. */
export interface ClauseTouch {
  clauseId: string
  kind: ClauseChangeKind
  /** The clause's text after a `created` or `edited` change, in the notation: the clause history diffs
   *  one with the next to tell the words changed. */
  text?: string
}

/** One accepted Yjs update, as appended to the log. */
export interface UpdateEntry {
  update: Uint8Array
  author: Author
  at: string
  /** The clauses the update changed (text rooms only; empty otherwise). */
  clauses: ClauseTouch[]
}

/** One recorded change of a clause, as stored: the history service merges and explains them. */
export interface ClauseHistoryEntry extends Omit<HistoryEntry, 'words'> {
  seq: number
  /** The clause's text after the change; null when none was recorded. */
  text: string | null
}

/** What it takes to rebuild a document: the latest snapshot (null before the
 *  first compaction) and every update appended after it, in order. */
export interface StoredDocument {
  snapshot: Uint8Array | null
  /** The sequence number of the last update the snapshot includes (0 for none). */
  snapshotSeq: number
  updates: { seq: number; update: Uint8Array }[]
  /** Bytes the document takes in the store: its snapshot and every update
   *  still held in the log (what the per-negotiation quota counts). */
  bytes: number
}

/** A frozen reading: immutable once written. */
export interface Reading extends ReadingSummary {
  negotiationId: string
  /** The text as ProseMirror JSON. */
  doc: unknown
  /** The text as a full Yjs update, so a reading can be reopened as a document. */
  state: Uint8Array
}

/** Negotiations: the rooms that exist. */
export interface NegotiationStore {
  create(negotiation: Negotiation): Promise<void>
  get(id: string): Promise<Negotiation | null>
  list(): Promise<Negotiation[]>
}

/** Yjs documents by room name: snapshots plus the append-only update log.
 *  No row is ever deleted: they stay as the audit trail behind clause
 *  histories (who, when, which clauses). Compaction writes a newer snapshot
 *  and folds the log up to it (`foldLog`), so the log holds the history at
 *  each snapshot rather than every byte ever typed and deleted. */
export interface DocumentStore {
  load(docName: string): Promise<StoredDocument>
  /** Appends one update; resolves to its sequence number once it is durable.
   *  Promises resolve in call order, which the rooms rely on to apply updates
   *  in the order they were validated. */
  append(docName: string, entry: UpdateEntry): Promise<number>
  /** Records a snapshot that includes every update up to `seq`. */
  saveSnapshot(docName: string, state: Uint8Array, seq: number): Promise<void>
  /** Replaces the data of the updates after `afterSeq` up to `throughSeq`
   *  with `update`, one update equivalent to all of them together, stored
   *  at `throughSeq`; the other rows keep their author, time and clause
   *  changes but no data. Resolves to the bytes the document now takes
   *  (as `load` reports them). */
  foldLog(docName: string, afterSeq: number, throughSeq: number, update: Uint8Array): Promise<number>
  /** How many updates were appended after `seq`. */
  countSince(docName: string, seq: number): Promise<number>
  clauseHistory(docName: string, clauseId: string): Promise<ClauseHistoryEntry[]>
}

/** What of a reading may change: how it is called and noted. */
export type ReadingLabels = Pick<ReadingSummary, 'name' | 'note'>

/** Readings: created once, their text never changed (their name and note may be). */
export interface ReadingStore {
  create(reading: Reading): Promise<void>
  /** Gives a reading another name and note (its text never changes); false when there is no such reading. */
  relabel(negotiationId: string, id: string, labels: ReadingLabels): Promise<boolean>
  list(negotiationId: string): Promise<ReadingSummary[]>
  get(negotiationId: string, id: string): Promise<Reading | null>
}

/** Positions by id within a negotiation; `put` creates or replaces. */
export interface PositionStore {
  /** Creates or replaces a position; the version it replaces is kept, for `listAsOf`. */
  put(position: Position): Promise<void>
  get(negotiationId: string, id: string): Promise<Position | null>
  list(negotiationId: string): Promise<Position[]>
  /** Deletes a position; until then it still shows in `listAsOf`. */
  delete(negotiationId: string, id: string): Promise<boolean>
  /** The positions as they stood at `at` (ISO time): each one's last
   *  version put at or before it (by `updatedAt`), those deleted by then
   *  left out, oldest first. */
  listAsOf(negotiationId: string, at: string): Promise<Position[]>
}

/** Proposals by id within a negotiation; `put` creates or replaces. */
export interface ProposalStore {
  put(proposal: Proposal): Promise<void>
  get(negotiationId: string, id: string): Promise<Proposal | null>
  list(negotiationId: string): Promise<Proposal[]>
}

/** The invitation behind every token. */
export interface TokenStore {
  create(invitation: Invitation): Promise<void>
  get(id: string): Promise<Invitation | null>
  /** The invitations to one negotiation (not those to every negotiation),
   *  revoked ones included, oldest first. */
  list(negotiationId: string): Promise<Invitation[]>
  revoke(id: string, at: string): Promise<boolean>
  /** Records that browser session `id` was signed out of; it is remembered
   *  until `expiresAt` (ISO time), when the session would have ended anyway,
   *  and sessions past theirs are forgotten. Ending one twice is harmless. */
  endSession(id: string, expiresAt: string): Promise<void>
  /** Whether session `id` was signed out of. */
  sessionEnded(id: string): Promise<boolean>
}

/** Everything the server keeps. One implementation per database; every
 *  implementation must pass tests/server/storage/contract.ts. */
export interface Storage {
  negotiations: NegotiationStore
  documents: DocumentStore
  readings: ReadingStore
  positions: PositionStore
  proposals: ProposalStore
  tokens: TokenStore
  close(): Promise<void>
}

/** A storage failure a caller can report: `code` is stable. `fenced`: the
 *  process no longer owns the document (another took it over), so it may not
 *  write it. `missing`: no database where one was required; `newer-schema`:
 *  written by a newer rolling-text. Both are one line for the operator,
 *  never a stack trace. */
export class StorageError extends Error {
  constructor(
    readonly code: 'conflict' | 'closed' | 'io' | 'fenced' | 'missing' | 'newer-schema',
    message: string,
  ) {
    super(message)
  }
}
