import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { type Action, actions, may, type Role, roles } from '../../../shared/protocol/roles'

/** The rows of the first markdown table whose header starts with `| role`: role → cells by column header. */
function roleTable(file: string): Map<Role, Map<string, string>> {
  const lines = readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8').split('\n')
  const start = lines.findIndex((l) => /^\|\s*role\s*\|/.test(l))
  expect(start, `${file} has a table of roles`).toBeGreaterThanOrEqual(0)
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim())
  const header = cells(lines[start])
  const rows = new Map<Role, Map<string, string>>()
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break
    const [first, ...rest] = cells(line)
    const role = /^`(\w+)`/.exec(first)?.[1] as Role
    rows.set(role, new Map(rest.map((cell, k) => [header[k + 1], cell])))
  }
  return rows
}

/** What each phrase of a table means. A phrase not listed here fails the test: say it here, or fix the table. */
const readmePhrases: Record<string, Action> = {
  'read everything': 'read',
  'read everything: the text, positions, proposals, readings and comparisons': 'read',
  'edit the text': 'edit-text',
  'insert proposals as alternatives': 'insert-proposals',
  'freeze, add from files, rename and note readings': 'manage-readings',
  'invite and revoke links': 'invite',
  'start negotiations': 'start-negotiations',
  "record, edit and withdraw its own state's positions and propose wording": 'speak-for-state',
}
const apiPhrases: Record<string, Record<string, Action>> = {
  text: { read: 'read', edit: 'edit-text' },
  'positions and proposals': {
    read: 'read',
    'mark proposals inserted': 'insert-proposals',
    "write its own state's only": 'speak-for-state',
  },
  readings: { read: 'read', freeze: 'manage-readings', 'add from files': 'manage-readings', rename: 'manage-readings' },
  invitations: { create: 'invite', list: 'invite', revoke: 'invite' },
  negotiations: { start: 'start-negotiations' },
}

const allowedBy = (role: Role) => actions.filter((a) => may(role, a)).sort()

function actionsOf(phrases: string[], meaning: Record<string, Action>, where: string): Action[] {
  return [
    ...new Set(
      phrases.map((phrase) => {
        const action = meaning[phrase]
        if (!action) throw new Error(`${where}: no action is known for “${phrase}”`)
        return action
      }),
    ),
  ].sort()
}

describe('the permission table', () => {
  it('is the role table of the README', () => {
    const table = roleTable('README.md')
    expect([...table.keys()]).toEqual(roles)
    for (const role of roles) {
      const phrases = (table.get(role)?.get('may') ?? '').split(/;\s*/)
      expect(actionsOf(phrases, readmePhrases, `README, ${role}`), role).toEqual(allowedBy(role))
    }
  })

  it('is the role table of docs/API.md', () => {
    const table = roleTable('docs/API.md')
    expect([...table.keys()]).toEqual(roles)
    for (const role of roles) {
      const phrases: Action[] = []
      for (const [column, cell] of table.get(role) ?? []) {
        const meaning = apiPhrases[column]
        if (!meaning) throw new Error(`docs/API.md: no meaning is known for the column “${column}”`)
        if (cell === '–') continue
        const words = cell.replaceAll('**', '').split(/[;,]\s*/)
        phrases.push(...actionsOf(words, meaning, `docs/API.md, ${role}, ${column}`))
      }
      expect([...new Set(phrases)].sort(), role).toEqual(allowedBy(role))
    }
  })

  it('lets everybody read, and only delegations speak for a state', () => {
    for (const role of roles) expect(may(role, 'read')).toBe(true)
    expect(roles.filter((r) => may(r, 'speak-for-state'))).toEqual(['delegation'])
  })
})
