import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { diffReadings, type ClauseChange } from '../../../shared/diff/index'
import { fixture } from '../../builders/notation'

/** One expected change of a pair: what it must be, fields not given are not checked. */
interface Expected {
  old?: string
  new?: string
  type: ClauseChange['type']
  renumbered?: boolean
  tags?: string[]
  status?: ClauseChange['status']
  brackets?: ClauseChange['brackets']
  splitFrom?: string
  mergedInto?: string
}

interface Pair {
  about: string
  changes: Expected[]
  sections?: { numeral: string; title: string; old: { numeral: string; title: string } | null }[]
  references?: { in: string; text: string; cited: string; now: string | null; proposed: string | null }[]
}

const root = new URL('../../fixtures/pairs/', import.meta.url)
const names = readdirSync(root).sort()
const described = (e: Expected) => `${e.type} ${e.old ?? '-'}>${e.new ?? '-'}`

describe('realistic pairs of readings (tests/fixtures/pairs, D1–D13)', () => {
  it('has the pairs the issue names', () => {
    expect(names).toEqual(expect.arrayContaining(['box-inserted-front', 'box-retitled', 'chinese', 'arabic', 'french']))
    expect(names.length).toBeGreaterThanOrEqual(13)
  })

  for (const name of names) {
    const pair: Pair = JSON.parse(readFileSync(new URL(`${name}/expected.json`, root), 'utf8'))
    it(`${name}: ${pair.about}`, () => {
      const diff = diffReadings(fixture(`pairs/${name}/old.txt`), fixture(`pairs/${name}/new.txt`))
      const listed = new Set<ClauseChange>()
      for (const e of pair.changes) {
        const found = diff.changes.filter(
          (c) => (c.old?.key ?? undefined) === e.old && (c.new?.key ?? undefined) === e.new,
        )
        expect(found, described(e)).toHaveLength(1)
        const [c] = found
        listed.add(c)
        expect(c.type, described(e)).toBe(e.type)
        if (e.renumbered !== undefined) expect(c.renumbered, described(e)).toBe(e.renumbered)
        if (e.tags) expect(c.tags, described(e)).toEqual(e.tags)
        if (e.status) expect(c.status, described(e)).toEqual(e.status)
        if (e.brackets) expect(c.brackets, described(e)).toEqual(e.brackets)
        if (e.splitFrom) expect(c.splitFrom, described(e)).toBe(e.splitFrom)
        if (e.mergedInto) expect(c.mergedInto, described(e)).toBe(e.mergedInto)
        if (e.type !== 'unchanged' && e.type !== 'modified') expect(c.tags.includes('modal'), described(e)).toBe(false)
      }
      const others = diff.changes.filter((c) => !listed.has(c))
      expect(others.filter((c) => c.type !== 'unchanged').map((c) => `${c.type} ${c.old?.key}>${c.new?.key}`)).toEqual(
        [],
      )
      if (pair.sections) {
        expect(diff.summary.sections.map(({ numeral, title, old }) => ({ numeral, title, old }))).toEqual(pair.sections)
      }
      if (pair.references) {
        expect(
          diff.references.map(({ in: at, text, cited, now, proposed }) => ({ in: at, text, cited, now, proposed })),
        ).toEqual(pair.references)
      } else expect(diff.references).toEqual([])
    })
  }
})
