import { present } from '../../../shared/present'
import { oldRef } from '../../../shared/diff/refs'
import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { diffReadings } from '../../../shared/diff/index'
import { fixture } from '../../builders/notation'

const expected = JSON.parse(readFileSync(new URL('../../fixtures/sample-diff-expected.json', import.meta.url), 'utf8'))

describe('sample readings (tests/fixtures/sample-diff-expected.json)', () => {
  const diff = diffReadings(fixture('sample-reading-1.txt'), fixture('sample-reading-2.txt'))

  it('gives exactly the expected summary', () => {
    const { sections: _sections, ...summary } = diff.summary
    expect(summary).toEqual(expected.summary)
  })

  it('gives every expected pair', () => {
    for (const pair of expected.pairs) {
      const found = diff.changes.filter(
        (c) => (c.old?.key ?? undefined) === pair.old && (c.new?.key ?? undefined) === pair.new,
      )
      expect(found, JSON.stringify(pair)).toHaveLength(1)
      const [change] = found
      expect(change.type, JSON.stringify(pair)).toBe(pair.type)
      if (pair.renumbered !== undefined) expect(change.renumbered, JSON.stringify(pair)).toBe(pair.renumbered)
      if (pair.editsRequired)
        expect(
          change.edits.some((e) => e.op !== 'equal'),
          JSON.stringify(pair),
        ).toBe(true)
    }
  })

  it('changes nothing else but one of the swapped sub-paragraphs III.3(b) and (c), either one', () => {
    const listed = new Set(expected.pairs.map((p: { old?: string; new?: string }) => `${p.old}>${p.new}`))
    const extra = diff.changes.filter((c) => c.type !== 'unchanged' && !listed.has(`${c.old?.key}>${c.new?.key}`))
    expect(extra).toHaveLength(1)
    expect(['moved III.3(b)>III.3(c)', 'moved III.3(c)>III.3(b)']).toContain(
      `${extra[0].type} ${extra[0].old?.key}>${extra[0].new?.key}`,
    )
    const other = present(
      diff.changes.find((c) => c.old?.key === (oldRef(extra[0]).key === 'III.3(b)' ? 'III.3(c)' : 'III.3(b)')),
    )
    expect(other).toMatchObject({ type: 'unchanged', renumbered: true })
  })

  it('tags and explains the changes a delegate scans for', () => {
    const at = (key: string) => present(diff.changes.find((c) => c.old?.key === key))
    expect(at('IV.3').tags).toEqual(['brackets', 'modal'])
    expect(at('IV.3').brackets).toEqual([{ kind: 'resolved', group: '[shall][should]', kept: 'should' }])
    expect(at('II.2').tags).toEqual(['brackets'])
    expect(at('III.2').tags).toEqual(['substantive'])
    expect(at('III.2').brackets).toEqual([{ kind: 'added', group: '[persons][humans]' }])
    expect(
      at('III.2')
        .edits.filter((e) => e.op === 'insert')
        .map((e) => e.text),
    ).toEqual(['or used ', '[persons][', ']'])
  })
})
