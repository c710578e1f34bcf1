import type { Node } from 'prosemirror-model'
import { listSections } from '../schema/outline'
import { pinnedNote, pinnedText } from './pinned'
import type { Position } from './position'

/** A frozen reading as the matrix names and orders it. */
export interface ReadingMark {
  id: string
  name: string
  createdAt: string
}

/** A clause as a matrix row shows it: the key and text it has in the text
 *  shown (the live text, or a frozen reading). */
export interface MatrixClause {
  id: string | null
  key: string
  section: string
  /** The clause's text in the notation, white space folded. */
  text: string
}

/** A position as the matrix of one reading shows it: whether the clause had
 *  changed by that reading since the position was recorded, and the note
 *  saying so (naming the reading it was recorded on). */
export interface MatrixPosition extends Position {
  changedSince: boolean
  note: string | null
}

/** The positions matrix as of a frozen reading (`reading` null for the live
 *  text): the clauses as that reading has them, and the positions recorded
 *  up to it. */
export interface MatrixAsOf {
  reading: ReadingMark | null
  clauses: MatrixClause[]
  positions: MatrixPosition[]
}

/** Every clause of a text with its key and pinned text, in reading order. */
export function matrixClauses(doc: Node): MatrixClause[] {
  return listSections(doc).flatMap((section) =>
    section.clauses.map((c) => ({ id: c.attrs.id, key: c.key, section: section.numeral, text: pinnedText(c.node) })),
  )
}

/** The positions recorded up to a reading: those taken on it or on an
 *  earlier reading, and those taken on the live text before it was frozen.
 *  A position recorded later is left out, whatever it is pinned to. */
export function positionsUpTo(
  positions: readonly Position[],
  readings: readonly ReadingMark[],
  asOf: ReadingMark,
): Position[] {
  const upTo = new Set(readings.filter((r) => r.createdAt <= asOf.createdAt).map((r) => r.id))
  upTo.add(asOf.id)
  const known = new Set(readings.map((r) => r.id))
  return positions.filter((p) =>
    p.reading && known.has(p.reading) ? upTo.has(p.reading) : p.createdAt <= asOf.createdAt,
  )
}

/** The matrix as of a reading (or the live text, `asOf` null): the clauses
 *  of `doc` (that reading's text), the positions recorded up to it, each
 *  marked when its clause had changed by then. */
export function matrixAsOf(
  doc: Node,
  positions: readonly Position[],
  readings: readonly ReadingMark[],
  asOf: ReadingMark | null,
): MatrixAsOf {
  const clauses = matrixClauses(doc)
  const texts = new Map(clauses.flatMap((c) => (c.id ? [[c.id, c.text] as const] : [])))
  const names = new Map(readings.map((r) => [r.id, r.name]))
  const shown = asOf ? positionsUpTo(positions, readings, asOf) : positions
  return {
    reading: asOf,
    clauses,
    positions: shown.map((p) => {
      const text = texts.get(p.clauseId) ?? null
      const note = pinnedNote(p, text, p.reading ? names.get(p.reading) : undefined, asOf?.name)
      return { ...p, changedSince: note !== null, note }
    }),
  }
}
