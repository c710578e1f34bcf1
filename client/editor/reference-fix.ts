import type { Node } from 'prosemirror-model'
import type { EditorState, Transaction } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { yUndoPluginKey } from 'y-prosemirror'
import { foldText } from '../../shared/diff/clauses'
import type { CrossReference, ReadingDiff } from '../../shared/diff/types'
import { clauseIndex, findClause, notationOf } from './clauses'

/** A corrected reference the comparison proposes (SPEC.md D12), with what
 *  the editor needs to check it still fits the live text: the clause that
 *  holds it (by id) and its text as compared, and the clause it cites (by
 *  id) with the key it had in the comparison. */
export interface ReferenceFix {
  reference: CrossReference
  proposed: string
  clauseId: string
  compared: string
  /** Null for a reference to a section. */
  target: { id: string; key: string } | null
}

/** The fix for each reference a comparison flags, or why there is none:
 *  the cited clause was deleted, or a side came from a file (no clause ids). */
export function referenceFixes(diff: ReadingDiff): Map<CrossReference, ReferenceFix | string> {
  const byNewKey = new Map(diff.changes.flatMap((c) => (c.new ? [[c.new.key, c.new] as const] : [])))
  const out = new Map<CrossReference, ReferenceFix | string>()
  for (const reference of diff.references) {
    const holder = byNewKey.get(reference.in)
    const section = /^[Ss]ection\b/.test(reference.text)
    const cited = section || reference.now === null ? null : byNewKey.get(reference.now)
    if (reference.proposed === null) out.set(reference, 'the clause it cites was deleted: edit it by hand')
    else if (!holder?.id || (!section && !cited?.id))
      out.set(reference, 'clauses were matched by their wording: edit it by hand')
    else
      out.set(reference, {
        reference,
        proposed: reference.proposed,
        clauseId: holder.id,
        compared: holder.text,
        target: cited?.id ? { id: cited.id, key: cited.key } : null,
      })
  }
  return out
}

/** What applying a fix came to: the transaction to dispatch, or why it was
 *  refused (the text changed since the comparison). */
export type FixOutcome = { ok: true; tr: Transaction; key: string } | { ok: false; message: string }

/** The edit that writes the corrected reference in the live text, where the
 *  comparison found it: the same occurrence of the same words in the same
 *  clause. Refused, with a message saying what changed, when the clause is
 *  gone, when the words there changed, or when the cited clause has moved
 *  again since the comparison. */
export function referenceFixStep(state: EditorState, fix: ReferenceFix): FixOutcome {
  const { reference: r } = fix
  const clause = findClause(state.doc, fix.clauseId)
  const entries = clauseIndex(state.doc)
  const key = entries.find((c) => c.id === fix.clauseId)?.key ?? r.in
  const again = 'compare again to see what it cites now'
  if (!clause) return { ok: false, message: `Not applied: the clause ${r.in} is no longer in the text.` }
  if (fix.target) {
    const now = entries.find((c) => c.id === fix.target?.id)?.key
    if (now === undefined)
      return {
        ok: false,
        message: `Not applied: ${fix.target.key}, which “${r.text}” cites, was deleted since; ${again}.`,
      }
    if (now !== fix.target.key)
      return {
        ok: false,
        message: `Not applied: the clause “${r.text}” cites stands at ${now} now, no longer at ${fix.target.key}; ${again}.`,
      }
  }
  const pattern = referencePattern(r.text)
  const before = [...fix.compared.slice(0, r.start).matchAll(pattern)].length
  const total = [...fix.compared.matchAll(pattern)].length
  const live = liveMatches(clause.node, clause.pos + 1, pattern)
  const unchanged = foldText(notationOf(clause.node)) === fix.compared
  const place = live[before]
  if (!place || (!unchanged && live.length !== total))
    return {
      ok: false,
      message: `Not applied: the text of ${key} changed since the comparison and no longer reads “${r.text}” there; ${again}.`,
    }
  return { ok: true, tr: state.tr.insertText(fix.proposed, place.from, place.to).scrollIntoView(), key }
}

/** Writes the corrected reference into the live text as an edit of the
 *  user's own, an undo step of its own (Yjs would fold the typing just
 *  before into it). Says what was done, or why not; null when the edit was
 *  held back by the agreed-text guard (which asks or says why itself). */
export function applyReferenceFix(view: EditorView, fix: ReferenceFix): { ok: boolean; message: string } | null {
  const outcome = referenceFixStep(view.state, fix)
  if (!outcome.ok) return outcome
  const before = view.state.doc
  const undoManager = yUndoPluginKey.getState(view.state)?.undoManager
  undoManager?.stopCapturing()
  view.dispatch(outcome.tr)
  undoManager?.stopCapturing()
  if (view.state.doc === before) return null
  return { ok: true, message: `${outcome.key} now reads “${fix.proposed}” (Ctrl+Z in the text undoes it).` }
}

/** The words of a reference as a pattern: any white space between them, and
 *  not part of a longer word or number (`paragraph 4` is not in `paragraph 45`). */
function referencePattern(text: string): RegExp {
  const words = text
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'gu')
}

/** Where the pattern matches the clause's text, as document positions. Text
 *  runs are read separately (a bracket between two runs breaks a match, as
 *  it does in the notation). */
function liveMatches(clause: Node, start: number, pattern: RegExp): { from: number; to: number }[] {
  const runs: { text: string; pos: number }[] = []
  clause.descendants((node, pos) => {
    if (!node.isText) return true
    const last = runs.at(-1)
    if (last && last.pos + last.text.length === start + pos) last.text += node.text ?? ''
    else runs.push({ text: node.text ?? '', pos: start + pos })
    return false
  })
  return runs.flatMap((run) =>
    [...run.text.matchAll(pattern)].map((m) => ({
      from: run.pos + (m.index ?? 0),
      to: run.pos + (m.index ?? 0) + m[0].length,
    })),
  )
}
