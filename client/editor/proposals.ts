import { TextSelection, type Command } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import type { Proposal } from '../../shared/positions/position'
import { schema } from '../../shared/schema/schema'
import { insertAlternative } from '../../shared/brackets/commands'
import { serializeInline } from '../../shared/notation/inline'
import { findClause } from './clauses'

/** Where in a clause a proposal's wording goes. */
type Placement =
  /** An option of an existing group reads exactly as the proposal's target:
   *  the wording joins that group as a further alternative. */
  | { kind: 'group'; groupPos: number }
  /** The target (or, failing that, the whole clause) is bracketed first. */
  | { kind: 'span'; from: number; to: number }

/** Decides where a proposal goes in the clause at `clausePos`. */
export function placeProposal(doc: Node, clausePos: number, target: string | null): Placement {
  const clause = doc.nodeAt(clausePos)
  if (!clause) throw new RangeError(`no clause at position ${clausePos}`)
  const whole: Placement = { kind: 'span', from: clausePos + 1, to: clausePos + 1 + clause.content.size }
  const wanted = target?.trim()
  if (!wanted) return whole
  let found: Placement | null = null
  clause.descendants((node, offset) => {
    if (found) return false
    const pos = clausePos + 1 + offset
    if (node.type === schema.nodes.bracket_group) {
      node.forEach((option) => {
        if (!found && serializeInline(option.content).trim() === wanted) found = { kind: 'group', groupPos: pos }
      })
    } else if (node.isText) {
      const at = (node.text ?? '').indexOf(wanted)
      if (at >= 0) found = { kind: 'span', from: pos + at, to: pos + at + wanted.length }
    }
    return true
  })
  return found ?? whole
}

/** Puts a state's proposed wording into the text as an alternative in a
 *  bracket group, attributed to that state: `[target][proposal]`. */
export function insertProposal(proposal: Pick<Proposal, 'clauseId' | 'target' | 'text' | 'state'>): Command {
  return (state, dispatch) => {
    const clause = findClause(state.doc, proposal.clauseId)
    if (!clause) return false
    const placement = placeProposal(state.doc, clause.pos, proposal.target)
    if (placement.kind === 'group')
      return insertAlternative(placement.groupPos, proposal.text, proposal.state)(state, dispatch)
    if (dispatch) {
      const { from, to } = placement
      const current = schema.nodes.option.create(null, state.doc.slice(from, to).content)
      const proposed = schema.nodes.option.create({ proposedBy: proposal.state }, schema.text(proposal.text))
      const options = from === to ? [proposed] : [current, proposed]
      const tr = state.tr.replaceWith(from, to, schema.nodes.bracket_group.create(null, options))
      dispatch(tr.setSelection(TextSelection.create(tr.doc, from + 2)).scrollIntoView())
    }
    return true
  }
}
