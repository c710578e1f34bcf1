/** Generates pairs of readings for the diff benchmark: a long rolling text and
 *  a second reading with a known share of clauses edited, moved across
 *  sections, added and deleted. Seeded, so every run compares the same texts. */
import * as prng from 'lib0/prng'

const syllables =
  'ba be bi bo bu da de di do du fa fe fi fo ga ge gi go la le li lo lu ma me mi mo na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo za ze zi zo'.split(
    ' ',
  )
const common =
  'the of and to in a for that on with by as shall should may States international law system use any be'.split(' ')

/** What the generator did to the second reading, to check the diff against. */
export interface GeneratedChanges {
  added: number
  deleted: number
  modified: number
  moved: number
}

interface Clause {
  level: 1 | 2
  words: string[]
}

/** A vocabulary of `size` invented words, so unrelated clauses share few words
 *  beyond the common ones, as real clauses on different subjects do. */
function vocabulary(size: number, rand: () => number): string[] {
  const words = new Set<string>()
  while (words.size < size) {
    const n = 2 + Math.floor(rand() * 3)
    words.add(Array.from({ length: n }, () => syllables[Math.floor(rand() * syllables.length)]).join(''))
  }
  return [...words]
}

function makeClause(vocab: string[], rand: () => number, level: 1 | 2): Clause {
  const length = 35 + Math.floor(rand() * 30)
  const words = Array.from({ length }, () =>
    rand() < 0.35 ? common[Math.floor(rand() * common.length)] : vocab[Math.floor(rand() * vocab.length)],
  )
  if (rand() < 0.3) {
    const at = Math.floor(rand() * (length - 2))
    words[at] = `[${words[at]}][${vocab[Math.floor(rand() * vocab.length)]}]`
  }
  return { level, words }
}

function edit(clause: Clause, vocab: string[], rand: () => number): Clause {
  const words = [...clause.words]
  const changes = 1 + Math.floor(rand() * 4)
  for (let k = 0; k < changes; k++) {
    const at = Math.floor(rand() * words.length)
    const word = vocab[Math.floor(rand() * vocab.length)]
    const kind = rand()
    if (kind < 0.4) words[at] = word
    else if (kind < 0.7) words.splice(at, 0, word)
    else words.splice(at, 1)
  }
  return { ...clause, words }
}

const sectionNumerals = ['I', 'II', 'III', 'IV', 'V']

function write(sections: Clause[][], reading: string): string {
  const lines = [`% title: Generated benchmark text`, `% reading: ${reading}`]
  sections.forEach((clauses, s) => {
    lines.push('', `# ${sectionNumerals[s]}. Section ${s + 1}`)
    let paragraph = 0
    let letter = 0
    for (const c of clauses) {
      if (c.level === 1 || paragraph === 0) {
        lines.push(`${++paragraph}. ${c.words.join(' ')}`)
        letter = 0
      } else {
        lines.push(`  (${String.fromCharCode(97 + (letter++ % 26))}) ${c.words.join(' ')}`)
      }
    }
  })
  return `${lines.join('\n')}\n`
}

/** Two readings of `clauses` clauses in five sections: 5% of clauses edited,
 *  1% moved to another section, 1% added, 1% deleted. */
export function generateReadings(
  clauses: number,
  seed = 2025,
): { before: string; after: string; changes: GeneratedChanges; words: number } {
  const { sections, vocab, rand } = firstReading(clauses, seed)
  const { next, changes } = revise(sections, clauses, vocab, rand)
  const words = sections.flat().reduce((n, c) => n + c.words.length, 0)
  return { before: write(sections, 'First reading'), after: write(next, 'Second reading'), changes, words }
}

/** `readings` successive readings of `clauses` clauses, each revised from
 *  the one before as generateReadings revises the first (for `history`). */
export function generateSeries(clauses: number, readings: number, seed = 2025): string[] {
  const { sections, vocab, rand } = firstReading(clauses, seed)
  const out = [write(sections, 'Reading 1')]
  let current = sections
  for (let k = 2; k <= readings; k++) {
    current = revise(current, clauses, vocab, rand).next
    out.push(write(current, `Reading ${k}`))
  }
  return out
}

function firstReading(clauses: number, seed: number) {
  const generator = prng.create(seed)
  const rand = () => prng.real53(generator)
  const vocab = vocabulary(Math.max(2000, clauses * 10), rand)
  const perSection = Math.ceil(clauses / sectionNumerals.length)
  const sections: Clause[][] = sectionNumerals.map(() => [])
  for (let i = 0; i < clauses; i++) {
    sections[Math.floor(i / perSection)].push(makeClause(vocab, rand, i % perSection !== 0 && rand() < 0.25 ? 2 : 1))
  }
  return { sections, vocab, rand }
}

function revise(
  sections: Clause[][],
  clauses: number,
  vocab: string[],
  rand: () => number,
): { next: Clause[][]; changes: GeneratedChanges } {
  const next = sections.map((s) => [...s])
  const pickIndex = (list: Clause[]) => Math.floor(rand() * list.length)
  const touched = new Set<Clause>()
  const pickUntouched = (s: number) => {
    for (;;) {
      const i = pickIndex(next[s])
      if (!touched.has(next[s][i]) && next[s][i].level === 1) return i
    }
  }
  const share = (p: number) => Math.round(clauses * p)
  const changes: GeneratedChanges = {
    added: share(0.01),
    deleted: share(0.01),
    modified: share(0.05),
    moved: share(0.01),
  }
  for (let k = 0; k < changes.modified; k++) {
    const s = k % 5
    const i = pickUntouched(s)
    next[s][i] = edit(next[s][i], vocab, rand)
    touched.add(next[s][i])
  }
  for (let k = 0; k < changes.moved; k++) {
    const s = k % 5
    const [clause] = next[s].splice(pickUntouched(s), 1)
    const target = next[(s + 1 + Math.floor(rand() * 4)) % 5]
    touched.add(clause)
    target.splice(1 + pickIndex(target), 0, clause)
  }
  for (let k = 0; k < changes.deleted; k++) next[k % 5].splice(pickUntouched(k % 5), 1)
  for (let k = 0; k < changes.added; k++) {
    const clause = makeClause(vocab, rand, 1)
    touched.add(clause)
    next[k % 5].splice(1 + pickIndex(next[k % 5]), 0, clause)
  }
  return { next, changes }
}
