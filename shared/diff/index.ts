import type { Node } from 'prosemirror-model'
import { type Alignment, alignClauses, type ClausePair, type TermsOf } from './align'
import { bracketChanges } from './bracket-changes'
import { addCounts, classifyChange, modalCounts } from './classify'
import { alignSections, clauseRecords, type ClauseRecord } from './clauses'
import { numberingTable, staleReferences } from './references'
import { termsOf as termsOfTokens } from './similarity'
import { spanChanges } from './spans'
import { summarize } from './summary'
import { tokenize, type Token } from './tokenize'
import type { ClauseChange, ReadingDiff } from './types'
import { diffTokens } from './words'

export type * from './types'

/** Compares two readings clause by clause (see SPEC.md): aligns the sections
 *  and clauses, diffs the words of each pair, reports bracket and status
 *  changes, tags each change, lists every clause's old and new number and the
 *  references that now cite the wrong place. Neither document is modified.
 *  Changes come in the new reading's order; a deleted clause stands where it
 *  stood in the old one. */
export function diffReadings(oldDoc: Node, newDoc: Node): ReadingDiff {
  const records = { old: clauseRecords(oldDoc), new: clauseRecords(newDoc) }
  const sectionMap = alignSections(records.old, records.new, oldDoc, newDoc)
  const tokenCache = { old: new Map<number, Token[]>(), new: new Map<number, Token[]>() }
  const termCache = { old: new Map<number, Set<string>>(), new: new Map<number, Set<string>>() }
  const tokensOf = (side: 'old' | 'new', i: number) =>
    cached(tokenCache[side], i, () => tokenize(records[side][i].ref.text))
  const termsOf: TermsOf = (side, i) => cached(termCache[side], i, () => termsOfTokens(tokensOf(side, i)))

  const alignment = alignClauses(records.old, records.new, sectionMap, termsOf)
  const modals = movedWords(alignment, tokensOf)
  const placed: { key: number; change: ClauseChange }[] = []
  for (const pair of alignment.pairs) {
    const change = pairChange(pair, records.old[pair.old], records.new[pair.new], tokensOf, modals)
    placed.push({ key: pair.new, change })
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
  return {
    summary: summarize(changes, oldDoc, newDoc, sectionMap),
    changes,
    spans: spanChanges(records.old, records.new, alignment.pairs),
    numbering: numberingTable(changes),
    references: staleReferences(changes, records.old),
    alignedBy: alignment.by,
  }
}

function cached<T>(cache: Map<number, T>, key: number, make: () => T): T {
  let value = cache.get(key)
  if (value === undefined) {
    value = make()
    cache.set(key, value)
  }
  return value
}

type TokensOf = (side: 'old' | 'new', i: number) => Token[]
type ModalCounts = Map<string, number>

/** Modal counts of each reworded clause's two sides, with the words of the
 *  clauses split off it (added to its new side) and merged into it (added to
 *  its old side): those words stayed in the text, so a modal verb among them
 *  came and went nowhere (D7). */
function movedWords(alignment: Alignment, tokensOf: TokensOf) {
  const extra = { old: new Map<number, ModalCounts>(), new: new Map<number, ModalCounts>() }
  const oldOf = new Map(alignment.pairs.map((p) => [p.new, p.old]))
  for (const [added, source] of alignment.splitFrom) {
    const counts = extra.new.get(source) ?? new Map()
    extra.new.set(source, addCounts(counts, modalCounts(tokensOf('new', added))))
  }
  for (const [deleted, target] of alignment.mergedInto) {
    const source = oldOf.get(target)
    if (source === undefined) continue
    const counts = extra.old.get(source) ?? new Map()
    extra.old.set(source, addCounts(counts, modalCounts(tokensOf('old', deleted))))
  }
  return (pair: ClausePair) => ({
    old: addCounts(modalCounts(tokensOf('old', pair.old)), extra.old.get(pair.old) ?? new Map()),
    new: addCounts(modalCounts(tokensOf('new', pair.new)), extra.new.get(pair.old) ?? new Map()),
  })
}

function pairChange(
  pair: ClausePair,
  before: ClauseRecord,
  after: ClauseRecord,
  tokensOf: TokensOf,
  modals: (pair: ClausePair) => { old: ModalCounts; new: ModalCounts },
): ClauseChange {
  const renumbered = before.ref.key !== after.ref.key
  const status = before.ref.status !== after.ref.status ? { old: before.ref.status, new: after.ref.status } : null
  const base = { old: before.ref, new: after.ref, renumbered, ...(status ? { status } : {}) }
  const changedType = pair.moved ? ('moved' as const) : ('modified' as const)
  if (before.ref.text === after.ref.text) {
    const edits = after.ref.text ? [{ op: 'equal' as const, text: after.ref.text }] : []
    const type = pair.moved ? 'moved' : status ? 'modified' : 'unchanged'
    return { type, ...base, tags: status ? ['status'] : [], edits, brackets: [] }
  }
  const oldTokens = tokensOf('old', pair.old)
  const newTokens = tokensOf('new', pair.new)
  const tags = classifyChange(oldTokens, newTokens, modals(pair))
  return {
    type: changedType,
    ...base,
    tags: status ? [...tags, 'status'] : tags,
    edits: diffTokens(oldTokens, newTokens),
    brackets: bracketChanges(before.node, after.node),
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
