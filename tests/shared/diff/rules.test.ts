import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync } from 'node:fs'
import { diffReadings, type ReadingDiff } from '../../../shared/diff/index'
import { renderDiffText } from '../../../shared/diff/render-text'
import { renderDiffHtml } from '../../../shared/diff/render-html'
import { reading } from '../../builders/notation'

const changed = (diff: ReadingDiff) => diff.changes.filter((c) => c.type !== 'unchanged')
const only = (before: string[], after: string[]) => {
  const list = changed(diffReadings(reading(...before), reading(...after)))
  expect(list).toHaveLength(1)
  return list[0]
}

describe('tags (D7)', () => {
  it('D7: punctuation, quotes, case and accents on the same words are editorial', () => {
    expect(
      only(
        ['# I. T', '1. Les Etats veillent à "l\'application".'],
        ['# I. T', '1. Les États veillent à « l’application ».'],
      ).tags,
    ).toEqual(['editorial'])
    expect(only(['# I. T', '1. States shall act.'], ['# I. T', '1. states shall act;']).tags).toEqual(['editorial'])
  })

  it('D7: a new word is substantive, never editorial', () => {
    expect(only(['# I. T', '1. States shall act.'], ['# I. T', '1. States shall act now.']).tags).toEqual([
      'substantive',
    ])
  })

  it('D7: a modal verb that came or went is counted; one deleted and re-inserted in a rewritten phrase is not', () => {
    expect(only(['# I. T', '1. States shall act.'], ['# I. T', '1. States should act.']).tags).toEqual([
      'substantive',
      'modal',
    ])
    const rewritten = only(
      ['# I. T', '1. States shall ensure that the operator is able to intervene.'],
      ['# I. T', '1. The operator shall, as States ensure, be able to intervene.'],
    )
    expect(rewritten.tags).toEqual(['substantive'])
    expect(rewritten.edits.some((e) => e.op === 'delete' && e.text.includes('shall'))).toBe(true)
  })

  it('D7: a second "shall" added is a modal change (counted, not a set)', () => {
    expect(only(['# I. T', '1. States shall act.'], ['# I. T', '1. States shall act and shall report.']).tags).toEqual([
      'substantive',
      'modal',
    ])
  })

  it('D7: alternatives count once, so resolving between two options with the same verb is no modal change', () => {
    const c = only(
      ['# I. T', '1. [States shall review it.][States shall keep it.]'],
      ['# I. T', '1. States shall keep it.'],
    )
    expect(c.tags).toEqual(['brackets'])
  })

  it('D7: modal verbs in the six UN languages', () => {
    const cases: [string, string][] = [
      ['Chaque État doit agir.', 'Chaque État peut agir.'],
      ['Los Estados deberán actuar.', 'Los Estados podrán actuar.'],
      ['Государства должны действовать.', 'Государства могут действовать.'],
      ['ويجب على الدول أن تعمل.', 'ويجوز للدول أن تعمل.'],
      ['各国必须采取行动。', '各国可以采取行动。'],
    ]
    for (const [a, b] of cases) expect(only(['# I. T', `1. ${a}`], ['# I. T', `1. ${b}`]).tags, a).toContain('modal')
    expect(only(['# I. T', '1. 促进发展。'], ['# I. T', '1. 促进可持续发展。']).tags).toEqual(['substantive'])
  })
})

describe('bracket changes (D8)', () => {
  const brackets = (a: string, b: string) => only(['# I. T', `1. ${a}`], ['# I. T', `1. ${b}`]).brackets

  it('D8.2: a nested group cleaned to one option is resolved to it, not dropped', () => {
    expect(
      brackets(
        'It enters into force [[on the thirtieth day][on the sixtieth day]].',
        'It enters into force on the thirtieth day.',
      ),
    ).toEqual([
      { kind: 'resolved', group: '[[on the thirtieth day][on the sixtieth day]]', kept: 'on the thirtieth day' },
    ])
  })

  it('D8.2: text added inside a bracket is not a resolution', () => {
    const list = brackets('States [shall] act.', 'States [shall not] act.')
    expect(list.map((b) => b.kind)).toEqual(['option-edited'])
  })

  it('D8.2: an option resolved with its "Option 2:" label removed is resolved', () => {
    expect(brackets('[Option 1: Parties report.][Option 2: Parties may report.]', 'Parties may report.')).toEqual([
      {
        kind: 'resolved',
        group: '[Option 1: Parties report.][Option 2: Parties may report.]',
        kept: 'Parties may report.',
      },
    ])
  })

  it('D8.3: an edited option is "option edited", not the whole option lost and gained', () => {
    expect(
      brackets(
        'States [shall provide][should provide] support.',
        'States [shall provide][should continue to provide] support.',
      ),
    ).toEqual([
      {
        kind: 'option-edited',
        group: '[shall provide][should provide]',
        now: '[shall provide][should continue to provide]',
        from: 'should provide',
        to: 'should continue to provide',
      },
    ])
  })

  it('D8.4: an option dropped from a group that stays', () => {
    expect(brackets('States [shall][should][may] act.', 'States [shall][should] act.')).toEqual([
      { kind: 'options-dropped', group: '[shall][should][may]', now: '[shall][should]', options: ['may'] },
    ])
  })

  it('D8.5: a group dropped with its text, a group added with the groups inside it', () => {
    expect(brackets('States act [promptly].', 'States act.')).toEqual([{ kind: 'dropped', group: '[promptly]' }])
    expect(brackets('States act.', 'States act [at once [and fully][in part]].')).toEqual([
      { kind: 'added', group: '[at once [and fully][in part]]' },
    ])
  })

  it('D8.6: a space between "] [" is editorial and no bracket change', () => {
    const c = only(['# I. T', '1. States [shall][should] act.'], ['# I. T', '1. States [shall] [should] act.'])
    expect(c.tags).toEqual(['editorial'])
    expect(c.brackets).toEqual([])
  })
})

describe('sections, repeated texts, status, numbering (D2–D4, D11–D13)', () => {
  it('D2: decomposed and composed accents are the same text', () => {
    const diff = diffReadings(reading('# I. T', '1. Les États.'.normalize('NFD')), reading('# I. T', '1. Les États.'))
    expect(changed(diff)).toEqual([])
  })

  it('D2.4: a placeholder dropped in one section and added in another is no move', () => {
    const diff = diffReadings(
      reading(
        '# I. A',
        '1. [Placeholder]',
        '2. Alpha text stays.',
        '# II. B',
        '1. Beta text stays.',
        '2. [Placeholder]',
      ),
      reading(
        '# I. A',
        '1. Alpha text stays.',
        '# II. B',
        '1. Beta text stays.',
        '2. [Placeholder]',
        '3. [Placeholder]',
      ),
    )
    expect(changed(diff).map((c) => `${c.type} ${c.old?.key}>${c.new?.key}`)).toEqual([
      'deleted I.1>undefined',
      'added undefined>II.3',
    ])
  })

  it('D2.4: a repeated text moved with its neighbour goes with it', () => {
    const diff = diffReadings(
      reading(
        '# I. A',
        '1. States shall report on national measures.',
        '  (a) Deleted.',
        '2. Other.',
        '# II. B',
        '1. Deleted.',
        '2. Beta.',
      ),
      reading(
        '# I. A',
        '1. Other.',
        '# II. B',
        '1. Deleted.',
        '2. Beta.',
        '3. States shall report on national measures.',
        '  (a) Deleted.',
      ),
    )
    expect(changed(diff).map((c) => `${c.type} ${c.old?.key}>${c.new?.key}`)).toEqual([
      'moved I.1>II.3',
      'moved I.1(a)>II.3(a)',
    ])
  })

  it('D3/D4: a box inserted in front renumbers every later clause without moving it', () => {
    const diff = diffReadings(
      reading('# I. A', '1. One.', '# II. B', '1. Two.'),
      reading('# I. New', '1. Zero.', '# II. A', '1. One.', '# III. B', '1. Two.'),
    )
    expect(diff.changes.map((c) => `${c.type} ${c.old?.key}>${c.new?.key}${c.renumbered ? ' R' : ''}`)).toEqual([
      'added undefined>I.1',
      'unchanged I.1>II.1 R',
      'unchanged II.1>III.1 R',
    ])
    expect(diff.summary.sections).toHaveLength(3)
    expect(renderDiffText(diff, { colour: false, all: true })).toContain('II. A (was I)')
  })

  it('D3: a retitled box keeps its clauses and says it was retitled', () => {
    const diff = diffReadings(
      reading('# I. Old title', '1. One.', '2. Two.'),
      reading('# I. New name', '1. One.', '2. Two.'),
    )
    expect(changed(diff)).toEqual([])
    expect(diff.summary.sections.map((s) => [s.old?.title, s.new?.title])).toEqual([['Old title', 'New name']])
    expect(renderDiffHtml(diff)).toContain('retitled: I. Old title → New name')
  })

  it('D13: a status change alone is a change, in JSON, text and HTML', () => {
    const diff = diffReadings(reading('# I. T', '1. One.'), reading('# I. T', '1. One. {.adref}'))
    expect(diff.changes[0]).toMatchObject({ type: 'modified', tags: ['status'], status: { old: 'open', new: 'adref' } })
    expect(renderDiffText(diff, { colour: false })).toContain('status: agreed ad referendum')
    expect(renderDiffHtml(diff)).toContain('agreed ad referendum')
  })

  it('D11/D12: the numbering table and a stale reference with its correction', () => {
    const diff = diffReadings(
      reading('# I. T', '1. One.', '2. As in paragraph 1 above.', '3. See subparagraph (b).', '  (a) a;', '  (b) b.'),
      reading(
        '# I. T',
        '1. Zero.',
        '2. One.',
        '3. As in paragraph 1 above.',
        '4. See subparagraph (b).',
        '  (a) a;',
        '  (b) b.',
      ),
    )
    expect(diff.numbering.map((n) => `${n.old}>${n.new}`)).toEqual([
      'I.1>I.2',
      'I.2>I.3',
      'I.3>I.4',
      'I.3(a)>I.4(a)',
      'I.3(b)>I.4(b)',
    ])
    expect(diff.references).toEqual([
      { in: 'I.3', text: 'paragraph 1', start: 6, end: 17, cited: 'I.1', now: 'I.2', proposed: 'paragraph 2' },
    ])
    expect(renderDiffText(diff, { colour: false })).toMatch(/Renumbered\n {2}I\.1 → I\.2/)
  })
})

describe('SPEC.md', () => {
  it('every rule id is cited by a test', () => {
    const spec = readFileSync(new URL('../../../shared/diff/SPEC.md', import.meta.url), 'utf8')
    const ids = [...spec.matchAll(/\*\*(D\d+) —/g)].map((m) => m[1])
    expect(ids.length).toBeGreaterThanOrEqual(13)
    const dir = new URL('./', import.meta.url)
    const tests = readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => readFileSync(new URL(f, dir), 'utf8'))
      .join('\n')
    const cited = (id: string) =>
      new RegExp(`it\\(['\`"][^'\`"]*\\b${id}\\b`).test(tests) ||
      new RegExp(`describe\\(['\`"][^'\`"]*\\b${id}\\b`).test(tests)
    expect(ids.filter((id) => !cited(id))).toEqual([])
  })
})
