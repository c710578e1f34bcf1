import { parseArgs } from 'node:util'
import { bracketReport } from '../../../shared/brackets/groups'
import type { Command } from '../command'
import { CliError } from '../command'
import { loadDocument, warnOn } from '../documents'

/** `rolling-text brackets FILE`: bracket counts per section. */
export const bracketsCommand: Command = {
  name: 'brackets',
  summary: 'Count the brackets left in a text, per section (each [...] pair counts one).',
  usage: 'brackets FILE|- [--format text|json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', default: 'text' } },
    })
    if (positionals.length !== 1)
      throw new CliError(`rolling-text brackets: expected one FILE\nUsage: rolling-text ${this.usage}`)
    const report = bracketReport(await loadDocument(positionals[0], io, warnOn(io)))
    if (values.format === 'json') {
      io.stdout(`${JSON.stringify(report, null, 2)}\n`)
      return 0
    }
    if (values.format !== 'text')
      throw new CliError(`rolling-text brackets: unknown format '${values.format}' (text or json)`)
    const rows = [
      ...report.sections.map((s) => [`${s.numeral}. ${s.title}`, s.count] as const),
      ['Total', report.total] as const,
    ]
    const width = Math.max(...rows.map(([label]) => label.length))
    for (const [label, count] of rows) {
      io.stdout(
        `${label.padEnd(width)}  ${plural(count.pairs, 'pair').padStart(10)} in ${plural(count.groups, 'group')}\n`,
      )
    }
    return 0
  },
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
