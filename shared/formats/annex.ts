import type { Node } from 'prosemirror-model'
import type { Position } from '../positions/position'
import { listSections } from '../schema/outline'

/** What the positions annex needs of a position. `clauseId` is a clause id or,
 *  for texts read from files (which carry no ids), a clause key `II.4(c)`. */
export type AnnexPosition = Pick<Position, 'clauseId' | 'state' | 'stance' | 'target' | 'comment'>

/** One row of the annex table. `clause` is the key in this text, or the
 *  position's own clauseId when no clause of this text has it. */
export interface AnnexRow {
  clause: string
  state: string
  stance: string
  target: string
  comment: string
}

/** The annex rows in clause order (positions on clauses missing from this text
 *  last), states alphabetical within a clause. */
export function annexRows(doc: Node, positions: readonly AnnexPosition[]): AnnexRow[] {
  const order = new Map<string, { key: string; index: number }>()
  listSections(doc)
    .flatMap((s) => s.clauses)
    .forEach((c, index) => {
      order.set(c.key, { key: c.key, index })
      if (c.attrs.id) order.set(c.attrs.id, { key: c.key, index })
    })
  return positions
    .map((p) => ({ p, at: order.get(p.clauseId) }))
    .sort((a, b) => (a.at?.index ?? Infinity) - (b.at?.index ?? Infinity) || a.p.state.localeCompare(b.p.state))
    .map(({ p, at }) => ({
      clause: at?.key ?? p.clauseId,
      state: p.state,
      stance: p.stance,
      target: p.target ?? '',
      comment: p.comment,
    }))
}
