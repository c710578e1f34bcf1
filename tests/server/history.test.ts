import { describe, expect, it } from 'vitest'
import { explainHistory } from '../../server/negotiations/history'
import type { ClauseHistoryEntry } from '../../server/storage/types'
import type { Signature } from '../../shared/protocol/wire'

const chair: Signature = { role: 'chair', state: null, name: 'Chair' }
const ana: Signature = { role: 'editor', state: null, name: 'Ana' }
const at = (minutes: number) => new Date(Date.UTC(2025, 2, 3, 10, minutes)).toISOString()
let seq = 0
const row = (
  kind: ClauseHistoryEntry['kind'],
  minutes: number,
  text: string | null,
  author = chair,
  sameSeq = false,
): ClauseHistoryEntry => {
  if (!sameSeq) seq += 1
  return { seq, at: at(minutes), author, kind, text }
}
const changed = (words: { op: string; text: string }[] | undefined) =>
  words?.filter((w) => w.op !== 'equal').map((w) => `${w.op === 'insert' ? '+' : '-'}${w.text}`)

describe("a clause's history, word by word", () => {
  it("merges one person's keystrokes into one edit with the words it changed", () => {
    const lines = explainHistory([
      row('created', 0, 'States act.'),
      row('edited', 1, 'States m act.'),
      row('edited', 1, 'States ma act.'),
      row('edited', 2, 'States may act.'),
      row('edited', 3, 'States may act.', ana),
      row('edited', 4, 'States may act now.', ana),
      // Long after: a new line.
      row('edited', 30, 'States may act now!', ana),
    ])
    expect(lines.map((l) => [l.kind, l.author.name, l.at, changed(l.words)])).toEqual([
      ['created', 'Chair', at(0), undefined],
      ['edited', 'Chair', at(2), ['+may ']],
      ['edited', 'Ana', at(4), ['+ now']],
      ['edited', 'Ana', at(30), ['-.', '+!']],
    ])
  })

  it('shows the ad ref mark coming and going, leaving out the edit that only carried the mark', () => {
    seq = 100
    const lines = explainHistory([
      row('created', 0, 'Agreed.'),
      row('edited', 1, 'Agreed.'),
      row('adref-agreed', 1, null, chair, true),
      row('edited', 2, 'Agreed, changed.'),
      row('adref-removed', 2, null, chair, true),
      row('deleted', 3, null, ana),
    ])
    expect(lines.map((l) => [l.kind, changed(l.words)])).toEqual([
      ['created', undefined],
      ['adref-agreed', undefined],
      ['adref-removed', undefined],
      ['edited', ['+, changed']],
      ['deleted', undefined],
    ])
  })

  it('says nothing about words where the text before was never recorded', () => {
    seq = 200
    const lines = explainHistory([row('created', 0, null), row('edited', 1, 'Now known.')])
    expect(lines[1]).toEqual({ at: at(1), author: chair, kind: 'edited' })
  })
})
