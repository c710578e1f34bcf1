import { clauseWordChanges } from '../../shared/diff/clause-edits'
import type { HistoryEntry, Signature } from '../../shared/protocol/wire'
import type { Identity } from '../auth/identity'
import { ApiError, notFound } from '../errors'
import type { ClauseHistoryEntry } from '../storage/types'
import type { TextAt } from '../workers'
import type { NegotiationAccess } from './access'
import { readingText } from './readings'

/** Edits by one person closer together than this are one line of a history. */
const runGapMs = 10 * 60 * 1000

/** Who changed a clause, how and when, from the update log; and the life
 *  of every clause across the frozen readings. */
export class HistoryService {
  constructor(private readonly access: NegotiationAccess) {}

  /** A clause's history, oldest first; a 404 for a clause that neither has one nor is in the live text. */
  async clause(who: Identity, id: string, clauseId: string): Promise<HistoryEntry[]> {
    await this.access.require(who, id)
    const lines = await this.access.storage.documents.clauseHistory(id, clauseId)
    if (!lines.length && !(await this.access.liveClauseIds(id)).includes(clauseId)) {
      throw notFound(`clause '${clauseId}'`)
    }
    return explainHistory(lines)
  }

  /** The negotiation's frozen readings, oldest first, to follow every
   *  clause through (SPEC.md D14: the render workers do), with the
   *  negotiation's title; a 409 before the first reading is frozen. */
  async acrossReadings(who: Identity, id: string): Promise<{ readings: TextAt[]; title: string }> {
    const negotiation = await this.access.require(who, id)
    const { readings } = this.access.storage
    const list = [...(await readings.list(id))].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    if (!list.length) throw new ApiError(409, 'no-readings', 'no reading is frozen yet: the history follows readings')
    const docs = await Promise.all(
      list.map(async (summary) => {
        const reading = await readings.get(id, summary.id)
        if (!reading) throw notFound(`reading '${summary.id}'`)
        return readingText(reading)
      }),
    )
    return { readings: docs, title: negotiation.title }
  }
}

/** The mark's coming and going stand before the edit made in the same update. */
const rank = (kind: ClauseHistoryEntry['kind']) => (kind === 'adref-agreed' || kind === 'adref-removed' ? 0 : 1)

const sameAuthor = (a: Signature, b: Signature) => a.role === b.role && a.state === b.state && a.name === b.name

/** An edit being explained: the text before it (null when unknown) and after. */
interface Run {
  entry: HistoryEntry
  before: string | null
  after: string | null
}

/** A clause's recorded changes as its history shows them: one person's
 *  consecutive edits merged into one line, each edit with the words it
 *  inserted and deleted (its text compared with the text before), and an
 *  edit that only came with the ad ref mark left out. */
export function explainHistory(recorded: readonly ClauseHistoryEntry[]): HistoryEntry[] {
  const rows = [...recorded].sort((a, b) => a.seq - b.seq || rank(a.kind) - rank(b.kind))
  const out: (HistoryEntry | Run)[] = []
  let text: string | null = null
  rows.forEach((row, k) => {
    const before = text
    if (row.text !== null || row.kind === 'deleted') text = row.text
    if (row.kind !== 'edited') {
      out.push({ at: row.at, author: row.author, kind: row.kind })
      return
    }
    const withMark = rows[k - 1]?.seq === row.seq && rank(rows[k - 1].kind) === 0
    if (withMark && before !== null && before === row.text) return
    const last = out.at(-1)
    if (last && 'entry' in last && sameAuthor(last.entry.author, row.author) && near(last.entry.at, row.at)) {
      last.entry.at = row.at
      last.after = row.text
      return
    }
    out.push({ entry: { at: row.at, author: row.author, kind: 'edited' }, before, after: row.text })
  })
  return out.map((line) => ('entry' in line ? withWords(line) : line))
}

const near = (earlier: string, later: string) => Date.parse(later) - Date.parse(earlier) <= runGapMs

function withWords({ entry, before, after }: Run): HistoryEntry {
  return before === null || after === null ? entry : { ...entry, words: clauseWordChanges(before, after) }
}
