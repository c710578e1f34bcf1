import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Node } from 'prosemirror-model'
import { countBrackets } from '../../shared/brackets/groups'
import type { MatrixAsOf } from '../../shared/positions/as-of'
import type { Position } from '../../shared/positions/position'
import { createNegotiation } from '../../server/negotiations/create'
import { textUpdateFromDoc } from '../../server/negotiations/text'
import { openStorage } from '../../server/storage'
import { runCli } from '../harness/cli'
import { doc, p, section } from '../builders'

const dataDir = mkdtempSync(join(tmpdir(), 'rt-matrix-'))
let negotiation = ''

const text = (first: string) =>
  doc(section('I', 'General', p(first, { id: 'c-1' }), p('Other measures.', { id: 'c-2' })))

beforeAll(async () => {
  vi.stubEnv('DATA_DIR', dataDir)
  vi.stubEnv('DATABASE_URL', undefined)
  const storage = openStorage(dataDir)
  negotiation = (await createNegotiation(storage, 'Matrix', text('States act now.'))).id
  const freeze = async (id: string, name: string, at: string, content: Node) =>
    storage.readings.create({
      id,
      negotiationId: negotiation,
      name,
      date: at.slice(0, 10),
      createdAt: at,
      createdBy: { role: 'chair', state: null, name: 'Chair' },
      note: '',
      brackets: countBrackets(content),
      doc: content.toJSON(),
      state: textUpdateFromDoc(content),
    })
  const record = (id: string, state: string, at: string, clauseText: string, reading: string | null = null) =>
    storage.positions.put({
      id,
      negotiationId: negotiation,
      state,
      clauseId: 'c-1',
      target: null,
      stance: 'oppose',
      comment: '',
      source: '',
      reading,
      clauseText,
      author: `Delegation of ${state}`,
      createdAt: at,
      updatedAt: at,
    } satisfies Position)
  await record('p-1', 'Austria', '2025-03-01T10:00:00.000Z', 'States act.')
  await freeze('r-1', 'First reading', '2025-03-02T10:00:00.000Z', text('States act.'))
  await record('p-2', 'Brazil', '2025-03-03T10:00:00.000Z', 'States act.', 'r-1')
  await freeze('r-2', 'Second reading', '2025-03-04T10:00:00.000Z', text('States act now.'))
  await record('p-3', 'Chile', '2025-03-05T10:00:00.000Z', 'States act now.')
  await storage.close()
})
afterAll(() => {
  vi.unstubAllEnvs()
  rmSync(dataDir, { recursive: true, force: true })
})

async function run(...args: string[]) {
  const { code, stdout: out, stderr: err } = await runCli(['matrix', ...args])
  return { code, out, err }
}

describe('rolling-text matrix', () => {
  it('as of a reading named by name: its clauses, the positions recorded up to it, marked against it', async () => {
    const { code, out, err } = await run('--negotiation', negotiation, '--reading', 'second reading')
    expect(err).toBe('')
    expect(code).toBe(0)
    expect(out.split('\n').slice(0, 4)).toEqual([
      'Positions as of Second reading: 2 on 1 clause',
      '',
      'Clause  Austria  Brazil',
      'I.1     O*       O*',
    ])
    expect(out).toContain('  I.1 Brazil: recorded on First reading; the clause had changed by Second reading')
    expect(out).toContain('  I.1 Austria: recorded on the live text; the clause had changed by Second reading')
  })

  it('--format json gives the API shape; the first reading, by id, has no stale marks', async () => {
    const { code, out } = await run('--negotiation', negotiation, '--reading', 'r-1', '--format', 'json')
    expect(code).toBe(0)
    const matrix = JSON.parse(out) as MatrixAsOf
    expect(matrix.reading).toEqual({ id: 'r-1', name: 'First reading', createdAt: '2025-03-02T10:00:00.000Z' })
    expect(matrix.clauses.map((c) => [c.key, c.text])).toEqual([
      ['I.1', 'States act.'],
      ['I.2', 'Other measures.'],
    ])
    expect(matrix.positions.map((x) => [x.id, x.changedSince])).toEqual([
      ['p-1', false],
      ['p-2', false],
    ])
  })

  it('the live text by default, from the stored updates', async () => {
    const { code, out } = await run('--negotiation', negotiation)
    expect(code).toBe(0)
    expect(out).toMatch(/^Positions on the live text: 3 on 1 clause\n/)
    expect(out).toContain('I.1     O*       O*      O')
  })

  it('an unknown reading or negotiation, or no negotiation, is a one-line error and exit 1', async () => {
    const noReading = await run('--negotiation', negotiation, '--reading', 'Third reading')
    expect(noReading.code).toBe(1)
    expect(noReading.err).toContain(
      "no reading 'Third reading' in Matrix; its readings: First reading, Second reading (or live)",
    )
    const noNegotiation = await run('--negotiation', 'n-nope')
    expect(noNegotiation.code).toBe(1)
    expect(noNegotiation.err).toContain(`no negotiation 'n-nope'; known: ${negotiation} (Matrix)`)
    expect((await run()).err).toContain('--negotiation ID is required')
  })
})
