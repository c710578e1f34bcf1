import type { Node } from 'prosemirror-model'
import { alignClauses, type ClausePair, type TermsOf } from './align'
import { bracketChanges } from './bracket-changes'
import { alignSections, clauseRecords, type ClauseRecord } from './clauses'
import { classifyChange } from './classify'
import { termsOf as termsOfTokens } from './similarity'
import { summarize } from './summary'
import { tokenize, type Token } from './tokenize'
import type { ClauseChange, ReadingDiff } from './types'
import { diffTokens } from './words'

export type * from './types'

/** Compares two readings clause by clause (see SPEC.md): aligns the clauses,
 *  diffs the words of each pair, reports bracket changes and tags each change.
 *  Neither document is modified. Changes come in the new reading's order;
 *  a deleted clause stands where it stood in the old one. */
export function diffReadings(oldDoc: Node, newDoc: Node): ReadingDiff {
  const records = { old: clauseRecords(oldDoc), new: clauseRecords(newDoc) }
  const sectionMap = alignSections(oldDoc, newDoc)
  const tokenCache = { old: new Map<number, Token[]>(), new: new Map<number, Token[]>() }
  const termCache = { old: new Map<number, Set<string>>(), new: new Map<number, Set<string>>() }
  const tokensOf = (side: 'old' | 'new', i: number) =>
    cached(tokenCache[side], i, () => tokenize(records[side][i].ref.text))
  const termsOf: TermsOf = (side, i) => cached(termCache[side], i, () => termsOfTokens(tokensOf(side, i)))

  const alignment = alignClauses(records.old, records.new, sectionMap, termsOf)
  const placed: { key: number; change: ClauseChange }[] = []
  for (const pair of alignment.pairs) {
    placed.push({ key: pair.new, change: pairChange(pair, records.old[pair.old], records.new[pair.new], tokensOf) })
  }
  for (const j of alignment.added) {
    const change = oneSided('added', records.new[j])
    const source = alignment.splitFrom.get(j)
    if (source !== undefined) change.splitFrom = records.old[source].ref.key
    placed.push({ key: j, change })
  }
  const place = deletedPlacement(records.old, records.new, alignment.pairs, sectionMap)
  for (const i of alignment.deleted) {
    const change = oneSided('deleted', records.old[i])
    const target = alignment.mergedInto.get(i)
    if (target !== undefined) change.mergedInto = records.new[target].ref.key
    placed.push({ key: place(i), change })
  }
  const changes = placed.sort((a, b) => a.key - b.key).map((p) => p.change)
  return { summary: summarize(changes, oldDoc, newDoc, sectionMap), changes, alignedBy: alignment.by }
}

function cached<T>(cache: Map<number, T>, key: number, make: () => T): T {
  const known = cache.get(key)
  if (known !== undefined) return known
  const value = make()
  cache.set(key, value)
  return value
}

function pairChange(
  pair: ClausePair,
  before: ClauseRecord,
  after: ClauseRecord,
  tokensOf: (side: 'old' | 'new', i: number) => Token[],
): ClauseChange {
  const renumbered = pair.moved ? before.ref.key !== after.ref.key : before.ref.number !== after.ref.number
  const base = { old: before.ref, new: after.ref, renumbered }
  if (before.ref.text === after.ref.text) {
    const edits = after.ref.text ? [{ op: 'equal' as const, text: after.ref.text }] : []
    return { type: pair.moved ? 'moved' : 'unchanged', ...base, tags: [], edits, brackets: [] }
  }
  const oldTokens = tokensOf('old', pair.old)
  const newTokens = tokensOf('new', pair.new)
  const edits = diffTokens(oldTokens, newTokens)
  return {
    type: pair.moved ? 'moved' : 'modified',
    ...base,
    tags: classifyChange(oldTokens, newTokens, edits),
    edits,
    brackets: bracketChanges(before.node, after.node, before.ref.text, after.ref.text),
  }
}

function oneSided(type: 'added' | 'deleted', record: ClauseRecord): ClauseChange {
  const edits = record.ref.text
    ? [{ op: type === 'added' ? ('insert' as const) : ('delete' as const), text: record.ref.text }]
    : []
  return {
    type,
    old: type === 'deleted' ? record.ref : null,
    new: type === 'added' ? record.ref : null,
    renumbered: false,
    tags: [],
    edits,
    brackets: [],
  }
}

/** Where a deleted clause goes in the new order: right after the nearest
 *  earlier clause of its section that stayed in place, else at the top of
 *  its section, else after whatever stayed before it. */
function deletedPlacement(
  before: readonly ClauseRecord[],
  after: readonly ClauseRecord[],
  pairs: readonly ClausePair[],
  sectionMap: readonly number[],
) {
  const stayed = new Map<number, number>()
  for (const p of pairs) if (!p.moved) stayed.set(p.old, p.new)
  const firstOfSection = (s: number) => {
    const k = after.findIndex((c) => c.sectionIndex >= s)
    return k < 0 ? after.length : k
  }
  return (i: number): number => {
    const tiebreak = i / (before.length + 1) / 4
    const section = before[i].sectionIndex
    for (let k = i - 1; k >= 0; k--) {
      const j = stayed.get(k)
      if (j === undefined) continue
      if (before[k].sectionIndex === section || sectionMap[section] < 0) return j + 0.5 + tiebreak
      break
    }
    return sectionMap[section] >= 0 ? firstOfSection(sectionMap[section]) - 0.5 + tiebreak : -0.5 + tiebreak
  }
}
