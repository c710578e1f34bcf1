import { present } from '../../../shared/present'
import { newRef, oldRef } from '../../../shared/diff/refs'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Node } from 'prosemirror-model'
import { diffReadings } from '../../../shared/diff/index'
import { clauseRecords } from '../../../shared/diff/clauses'
import { schema } from '../../../shared/schema/schema'
import { arbitraryDocument } from '../../builders/arbitrary'

type Edit =
  | { kind: 'delete'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'reword'; at: number; text: string }
  | { kind: 'move'; from: number; to: number }
  | { kind: 'status'; at: number }

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.lorem({ maxCount: 8 }) }),
  fc.record({ kind: fc.constant('reword' as const), at: fc.nat(), text: fc.lorem({ maxCount: 8 }) }),
  fc.record({ kind: fc.constant('move' as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('status' as const), at: fc.nat() }),
)

/** Fixed so a failure is reproduced by running the test again; FC_SEED tries others. */
const seed = Number(process.env.FC_SEED ?? 13013)

/** Applies edits to the clauses of a reading, keeping its sections. */
function revise(doc: Node, edits: readonly Edit[]): Node {
  const sections: { section: Node; clauses: Node[] }[] = []
  doc.forEach((section) => {
    const clauses: Node[] = []
    section.forEach((c) => {
      if (c.type.name === 'clause') clauses.push(c)
    })
    sections.push({ section, clauses })
  })
  const all = sections.flatMap((s, si) => s.clauses.map((node) => ({ node, si })))
  for (const e of edits) {
    const pick = (n: number) => (all.length ? n % all.length : 0)
    if (e.kind === 'delete' && all.length) all.splice(pick(e.at), 1)
    if (e.kind === 'insert')
      all.splice(all.length ? pick(e.at) : 0, 0, {
        node: schema.node('clause', { level: 1 }, e.text ? schema.text(e.text) : undefined),
        si: e.at % sections.length,
      })
    if (e.kind === 'reword' && all.length) {
      const k = pick(e.at)
      all[k] = { ...all[k], node: all[k].node.type.create(all[k].node.attrs, e.text ? schema.text(e.text) : undefined) }
    }
    if (e.kind === 'status' && all.length) {
      const k = pick(e.at)
      const { node } = all[k]
      const status = node.attrs.status === 'adref' ? 'open' : 'adref'
      all[k] = { ...all[k], node: node.type.create({ ...node.attrs, status }, node.content) }
    }
    if (e.kind === 'move' && all.length) {
      const [item] = all.splice(pick(e.from), 1)
      all.splice(all.length ? e.to % (all.length + 1) : 0, 0, { ...item, si: e.to % sections.length })
    }
  }
  return doc.type.create(
    doc.attrs,
    sections.map((s, si) =>
      s.section.type.create(s.section.attrs, [
        present(s.section.firstChild),
        ...all.filter((c) => c.si === si).map((c) => c.node),
      ]),
    ),
  )
}

const clauseCount = (doc: Node) => {
  let n = 0
  doc.descendants((c) => {
    if (c.type.name === 'clause') n++
    return c.type.name !== 'clause'
  })
  return n
}

const clauseTexts = (doc: Node) => clauseRecords(doc).map((r) => r.ref.text)

describe('diffReadings invariants (fast-check, seeded; the seed and path are printed on failure)', () => {
  it('D9/D6/D13: every clause appears once on each side, counts add up, edits rebuild both texts', () => {
    fc.assert(
      fc.property(arbitraryDocument, fc.array(edit, { maxLength: 6 }), (before, edits) => {
        const after = revise(before, edits)
        const diff = diffReadings(before, after)
        const oldKeys = diff.changes.filter((c) => c.old).map((c) => oldRef(c).index)
        const newKeys = diff.changes.filter((c) => c.new).map((c) => newRef(c).index)
        expect(oldKeys.sort((a, b) => a - b)).toEqual([...Array(clauseCount(before)).keys()])
        expect(newKeys.sort((a, b) => a - b)).toEqual([...Array(clauseCount(after)).keys()])
        const s = diff.summary
        expect(s.added + s.modified + s.moved + s.unchanged).toBe(clauseCount(after))
        expect(s.deleted + s.modified + s.moved + s.unchanged).toBe(clauseCount(before))
        for (const c of diff.changes) {
          const text = (ops: string[]) =>
            c.edits
              .filter((e) => ops.includes(e.op))
              .map((e) => e.text)
              .join('')
          if (c.old) expect(text(['equal', 'delete'])).toBe(c.old.text)
          if (c.new) expect(text(['equal', 'insert'])).toBe(c.new.text)
          if (c.type === 'unchanged') expect(oldRef(c).text).toBe(newRef(c).text)
          if (c.type === 'unchanged') expect(oldRef(c).status).toBe(newRef(c).status)
        }
        // Joined in change order, the new sides give the new reading; sorted
        // by old position, the old sides give the old one.
        const whole = (side: 'old' | 'new', ops: string[]) =>
          diff.changes
            .filter((c) => c[side])
            .sort((a, b) => (a[side]?.index ?? 0) - (b[side]?.index ?? 0))
            .map((c) =>
              c.edits
                .filter((e) => ops.includes(e.op))
                .map((e) => e.text)
                .join(''),
            )
        expect(whole('new', ['equal', 'insert'])).toEqual(clauseTexts(after))
        expect(whole('old', ['equal', 'delete'])).toEqual(clauseTexts(before))
        expect(diff.changes.flatMap((c) => (c.new ? [c.new.index] : []))).toEqual([...Array(clauseCount(after)).keys()])
      }),
      { numRuns: 200, seed },
    )
  })

  it('D2/D3: a reading compared with itself is all unchanged', () => {
    fc.assert(
      fc.property(arbitraryDocument, (doc) => {
        const diff = diffReadings(doc, doc)
        expect(diff.changes.every((c) => c.type === 'unchanged' && !c.renumbered)).toBe(true)
      }),
      { numRuns: 100, seed },
    )
  })
})
