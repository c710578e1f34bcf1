import type { Node } from 'prosemirror-model'
import { serializeInline } from '../notation/inline'

/** A place in a clause that reads as a proposal's target: an option of a
 *  bracket group whose words are the target, or the target's words in a run
 *  of text. Offsets count from the start of the clause's content. */
export type TargetPlace = { kind: 'group'; offset: number } | { kind: 'span'; from: number; to: number }

/** Where a proposal's words stood when it was made: the clause's text then
 *  (in the notation) and which of the places reading as its target it meant
 *  (0 for the first, in the order of the text). */
export interface ProposalAnchor {
  clauseText: string
  occurrence: number
}

/** Every place in `clause` that reads as `target`, in the order of the text. */
export function targetPlaces(clause: Node, target: string): TargetPlace[] {
  const wanted = target.trim()
  const out: TargetPlace[] = []
  if (!wanted) return out
  clause.descendants((node, offset) => {
    if (node.type.name === 'bracket_group') {
      let matches = false
      node.forEach((option) => {
        if (serializeInline(option.content).trim() === wanted) matches = true
      })
      // A group that reads so is the place, not the words inside its option.
      if (matches) {
        out.push({ kind: 'group', offset })
        return false
      }
    } else if (node.isText) {
      const text = node.text ?? ''
      for (let at = text.indexOf(wanted); at >= 0; at = text.indexOf(wanted, at + wanted.length))
        out.push({ kind: 'span', from: offset + at, to: offset + at + wanted.length })
    }
    return true
  })
  return out
}

/** The anchor of a proposal on `target` in `clause` as it reads now, meaning
 *  the place number `occurrence`; null when no such place reads so. */
export function anchorOf(clause: Node, target: string, occurrence = 0): ProposalAnchor | null {
  const places = targetPlaces(clause, target)
  if (!Number.isInteger(occurrence) || occurrence < 0 || occurrence >= places.length) return null
  return { clauseText: serializeInline(clause.content), occurrence }
}

/** Where a proposal on `target` goes in `clause` now: the place it was
 *  anchored to while the clause reads as it did then; once it has changed,
 *  the one place that still reads as the target. Null when there is none, or
 *  more than one after a change (the chair chooses: never a guess). A
 *  proposal made before anchors were kept goes to its first place. */
export function anchoredPlace(clause: Node, target: string, anchor: ProposalAnchor | undefined): TargetPlace | null {
  const places = targetPlaces(clause, target)
  if (!anchor) return places[0] ?? null
  if (serializeInline(clause.content) === anchor.clauseText) return places[anchor.occurrence] ?? null
  return places.length === 1 ? places[0] : null
}

/** Which of the places reading as `target` starts at `offset` (from the start
 *  of the clause's content) or holds it: what the words selected in the text
 *  are. 0 when none does. */
export function occurrenceAt(clause: Node, target: string, offset: number): number {
  const places = targetPlaces(clause, target)
  const at = places.findIndex((p) =>
    p.kind === 'group'
      ? offset >= p.offset && offset < p.offset + (clause.nodeAt(p.offset)?.nodeSize ?? 0)
      : offset >= p.from && offset <= p.to,
  )
  return Math.max(at, 0)
}
