import { parseArgs } from 'node:util'
import type { MatrixAsOf } from '../../../shared/positions/as-of'
import { normaliseState } from '../../../shared/states/names'
import { ConfigError, loadConfig } from '../../config'
import type { Storage } from '../../storage/types'
import type { CliIO, Command } from '../command'
import { CliError } from '../command'
import { writeOutput } from '../output'

const formats = ['text', 'json'] as const

/** `rolling-text matrix --negotiation ID [--reading NAME]`: the positions
 *  matrix of a negotiation in DATA_DIR (or DATABASE_URL), as of a frozen
 *  reading or the live text, as the browser's matrix shows it. */
export const matrixCommand: Command = {
  name: 'matrix',
  summary: 'The positions matrix of a negotiation in DATA_DIR, as of a frozen reading (or the live text).',
  usage: 'matrix --negotiation ID [--reading NAME|ID|live] [--format text|json] [-o OUT|-]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        negotiation: { type: 'string' },
        reading: { type: 'string', default: 'live' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string', short: 'o' },
      },
    })
    const format = values.format as (typeof formats)[number]
    if (!formats.includes(format))
      throw new CliError(`rolling-text matrix: unknown format '${values.format}' (${formats.join(', ')})`)
    if (!values.negotiation)
      throw new CliError(`rolling-text matrix: --negotiation ID is required\nUsage: rolling-text ${this.usage}`)
    const storage = await openConfigured(io)
    try {
      // The text and Yjs load only for this command.
      const { matrixOf } = await import('./matrix-data')
      const matrix = await matrixOf(storage, values.negotiation, values.reading)
      const output =
        format === 'json' ? `${JSON.stringify(matrix, null, io.isTTY ? 2 : undefined)}\n` : matrixText(matrix)
      if (values.output) await writeOutput(io, values.output, output)
      else io.stdout(output)
      return 0
    } finally {
      await storage.close()
    }
  },
}

/** The store of the server's configuration; never a new one by mistake. */
async function openConfigured(io: CliIO): Promise<Storage> {
  try {
    const config = loadConfig(process.env, io.cwd)
    // SQLite's native module loads only for the commands that use it.
    const { connectStorage } = await import('../../storage')
    return (await connectStorage({ ...config, mustExist: true })).storage
  } catch (e) {
    throw e instanceof ConfigError ? new CliError(`rolling-text matrix: ${e.message}`) : e
  }
}

/** Clauses down (those with positions, in the text's order), states across,
 *  a stance letter per position (`*` when recorded on another text of the
 *  clause), then each such position's note. */
export function matrixText(matrix: MatrixAsOf): string {
  const states = [...new Set(matrix.positions.map((p) => normaliseState(p.state)))].sort((a, b) => a.localeCompare(b))
  const rows = matrix.clauses
    .filter((c) => c.id && matrix.positions.some((p) => p.clauseId === c.id))
    .map((c) => {
      const on = matrix.positions.filter((p) => p.clauseId === c.id)
      const cell = (state: string) =>
        on
          .filter((p) => normaliseState(p.state) === state)
          .map((p) => `${p.stance[0].toUpperCase()}${p.changedSince ? '*' : ''}`)
          .join(' ')
      return [c.key, ...states.map(cell)]
    })
  const header = ['Clause', ...states]
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)))
  const line = (cells: string[]) =>
    cells
      .map((t, k) => t.padEnd(widths[k]))
      .join('  ')
      .trimEnd()
  const title = matrix.reading ? `Positions as of ${matrix.reading.name}` : 'Positions on the live text'
  const stale = matrix.positions.filter((p) => p.note)
  const key = new Map(matrix.clauses.map((c) => [c.id, c.key]))
  return `${[
    `${title}: ${matrix.positions.length} on ${rows.length} clause${rows.length === 1 ? '' : 's'}`,
    '',
    ...(rows.length ? [line(header), ...rows.map(line)] : ['No positions recorded.']),
    'S supports, O opposes, R reservation, P proposes other wording, N neutral',
    ...(stale.length
      ? [
          '',
          '* recorded on another text of the clause:',
          ...stale.map((p) => `  ${key.get(p.clauseId) ?? p.clauseId} ${p.state}: ${p.note}`),
        ]
      : []),
  ].join('\n')}\n`
}
