import { TextSelection, type Command } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import { anchoredPlace, occurrenceAt, type ProposalAnchor } from '../../shared/positions/anchor'
import type { Proposal } from '../../shared/positions/position'
import { schema } from '../../shared/schema/schema'
import { insertAlternative } from '../../shared/brackets/commands'
import { serializeInline } from '../../shared/notation/inline'
import { findClause } from './clauses'

/** Where in a clause a proposal's wording goes. */
export type Placement =
  /** An option of an existing group reads exactly as the proposal's target:
   *  the wording joins that group as a further alternative. */
  | { kind: 'group'; groupPos: number }
  /** The target words (or the whole clause, for a proposal on all of it) are
   *  bracketed first. */
  | { kind: 'span'; from: number; to: number }

/** Where a proposal goes in the clause at `clausePos`: where its words
 *  stood when it was made (its anchor), while they still stand there; the
 *  whole clause for a proposal on all of it; null when its words changed
 *  (gone, or standing in several places after a change), so that the chair
 *  chooses (never a silent fallback). */
export function placeProposal(
  doc: Node,
  clausePos: number,
  target: string | null,
  anchor?: ProposalAnchor,
): Placement | null {
  const clause = doc.nodeAt(clausePos)
  if (!clause) throw new RangeError(`no clause at position ${clausePos}`)
  const wanted = target?.trim()
  if (!wanted) return wholeClause(doc, clausePos)
  const place = anchoredPlace(clause, wanted, anchor)
  const start = clausePos + 1
  if (!place) return null
  return place.kind === 'group'
    ? { kind: 'group', groupPos: start + place.offset }
    : { kind: 'span', from: start + place.from, to: start + place.to }
}

/** Which of the places in the clause at `clausePos` reading as `target` the
 *  selection (from `selectionFrom`) is on: what a proposal made from the
 *  selected words is anchored to. 0 when the selection is elsewhere. */
export function selectedOccurrence(doc: Node, clausePos: number, target: string, selectionFrom: number): number {
  const clause = doc.nodeAt(clausePos)
  if (!clause || selectionFrom <= clausePos || selectionFrom >= clausePos + clause.nodeSize) return 0
  return occurrenceAt(clause, target, selectionFrom - clausePos - 1)
}

/** The whole text of the clause at `clausePos` as a placement. */
export function wholeClause(doc: Node, clausePos: number): Placement {
  const clause = doc.nodeAt(clausePos)
  if (!clause) throw new RangeError(`no clause at position ${clausePos}`)
  return { kind: 'span', from: clausePos + 1, to: clausePos + 1 + clause.content.size }
}

/** The places a chair may choose for a proposal whose words are gone: each
 *  bracket group of the clause (as a further alternative), with its options. */
export function groupsOf(doc: Node, clausePos: number): { groupPos: number; options: string[] }[] {
  const clause = doc.nodeAt(clausePos)
  const out: { groupPos: number; options: string[] }[] = []
  clause?.descendants((node, offset) => {
    if (node.type !== schema.nodes.bracket_group) return true
    const options: string[] = []
    node.forEach((option) => {
      options.push(serializeInline(option.content))
    })
    out.push({ groupPos: clausePos + 1 + offset, options })
    return true
  })
  return out
}

/** Puts a state's proposed wording into the text as an alternative in a
 *  bracket group, attributed to that state: `[target][proposal]`, at
 *  `placement` or where its words are. Fails (false) when the clause is gone
 *  or its words are, and no placement was chosen. */
export function insertProposal(
  proposal: Pick<Proposal, 'clauseId' | 'target' | 'text' | 'state' | 'anchor'>,
  chosen: Placement | null = null,
): Command {
  return (state, dispatch) => {
    const clause = findClause(state.doc, proposal.clauseId)
    if (!clause) return false
    const placement = chosen ?? placeProposal(state.doc, clause.pos, proposal.target, proposal.anchor)
    if (!placement) return false
    if (placement.kind === 'group')
      return insertAlternative(placement.groupPos, proposal.text, proposal.state)(state, dispatch)
    const { from, to } = placement
    if (from < clause.pos || to > clause.pos + clause.node.nodeSize) return false
    if (dispatch) {
      const current = schema.nodes.option.create(null, state.doc.slice(from, to).content)
      const proposed = schema.nodes.option.create({ proposedBy: proposal.state }, schema.text(proposal.text))
      const options = from === to ? [proposed] : [current, proposed]
      const tr = state.tr.replaceWith(from, to, schema.nodes.bracket_group.create(null, options))
      dispatch(tr.setSelection(TextSelection.create(tr.doc, from + 2)).scrollIntoView())
    }
    return true
  }
}
