import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root } from '../harness/cli'

/** Every test file's source, for finding the rule ids test names cite. */
const testSources = readdirSync(join(root, 'tests'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join(root, 'tests', f), 'utf8'))
  .join('\n')

/** Whether an `it(` or `describe(` title starts with or mentions `id` as a word. */
const cited = (id: string) => new RegExp(`(it|describe)\\(\\s*['\`"][^'\`"]*\\b${id}\\b`).test(testSources)

/** The ids a document defines as bold rule headings (`**C3 — …` or `**S3**`). */
const ruleIds = (file: string, pattern: RegExp) =>
  [...readFileSync(join(root, file), 'utf8').matchAll(pattern)].map((m) => m[1] as string)

describe('rule ids', () => {
  it('every rule of docs/PROTOCOL.md (connections, readers, presence, durability) is cited by a test', () => {
    const ids = ruleIds('docs/PROTOCOL.md', /\*\*([CRPW]\d+) —/g)
    expect(ids.length).toBeGreaterThanOrEqual(20)
    expect(ids.filter((id) => !cited(id))).toEqual([])
  })

  it("every rule of server/README.md's storage contract is cited by a test", () => {
    const ids = ruleIds('server/README.md', /\*\*(S\d+)\*\*/g)
    expect(ids.length).toBeGreaterThanOrEqual(11)
    expect(ids.filter((id) => !cited(id))).toEqual([])
  })
})
