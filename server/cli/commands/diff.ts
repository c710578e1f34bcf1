import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { diffReadings } from '../../../shared/diff/index'
import { renderDiffHtml } from '../../../shared/diff/render-html'
import { renderDiffText } from '../../../shared/diff/render-text'
import { type CompilationOmit, compilationOmits, renderCompilationHtml } from '../../../shared/diff/compilation'
import type { Command } from '../command'
import { CliError } from '../command'
import { loadDocument, warnOn } from '../documents'
import { writeOutput } from '../output'

const formats = ['text', 'json', 'html', 'docx'] as const

/** `rolling-text diff OLD NEW`: the clause-by-clause comparison of two readings. */
export const diffCommand: Command = {
  name: 'diff',
  summary: 'Compare two readings clause by clause (added, deleted, modified, moved, renumbered).',
  usage:
    'diff OLD NEW [--format text|json|html|docx] [-o OUT|-] [--all] [--colour|--no-colour] [--exit-code] [--table [--omit editorial,renumbered]]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      allowNegative: true,
      options: {
        format: { type: 'string', default: 'text' },
        output: { type: 'string', short: 'o' },
        all: { type: 'boolean', default: false },
        colour: { type: 'boolean' },
        'exit-code': { type: 'boolean', default: false },
        table: { type: 'boolean', default: false },
        omit: { type: 'string' },
      },
    })
    if (positionals.length !== 2)
      throw new CliError(`rolling-text diff: expected OLD and NEW\nUsage: rolling-text ${this.usage}`)
    const format = values.format as (typeof formats)[number]
    if (!formats.includes(format))
      throw new CliError(`rolling-text diff: unknown format '${values.format}' (${formats.join(', ')})`)
    const [oldFile, newFile] = positionals
    if (oldFile === '-' && newFile === '-') throw new CliError('rolling-text diff: only one of OLD and NEW can be -')
    const [oldDoc, newDoc] = await Promise.all([
      loadDocument(oldFile, io, warnOn(io)),
      loadDocument(newFile, io, warnOn(io)),
    ])
    const diff = diffReadings(oldDoc, newDoc)
    // Like `git diff --exit-code`: 1 tells a script the readings differ.
    const status = values['exit-code'] && diff.changes.some((c) => c.type !== 'unchanged') ? 1 : 0
    const omit = omitted(values.omit, values.table)
    // The readings are named as the documents call themselves.
    const label = (doc: typeof oldDoc, file: string) =>
      (doc.attrs.meta as Record<string, string>).reading ?? basename(file)
    if (values.table) {
      if (format !== 'html' && format !== 'docx')
        throw new CliError('rolling-text diff: --table comes as --format html or --format docx')
      const labels = { oldLabel: label(oldDoc, oldFile), newLabel: label(newDoc, newFile) }
      if (format === 'docx') {
        if (!values.output)
          throw new CliError('rolling-text diff: a Word compilation table needs -o OUT.docx (or -o - for stdout)')
        const { renderCompilationDocx } = await import('../../formats/compilation-docx')
        await writeOutput(io, values.output, await renderCompilationDocx(diff, { ...labels, omit }))
        return status
      }
      const html = renderCompilationHtml(diff, { oldName: labels.oldLabel, newName: labels.newLabel, omit })
      if (values.output) await writeOutput(io, values.output, html)
      else io.stdout(html)
      return status
    }
    if (format === 'docx') {
      if (!values.output) throw new CliError('rolling-text diff: a Word redline needs -o OUT.docx (or -o - for stdout)')
      // Loaded here: the Word writer is large and only this format needs it.
      const { renderRedlineDocx } = await import('../../formats/redline-docx')
      await writeOutput(
        io,
        values.output,
        await renderRedlineDocx(diff, { oldLabel: label(oldDoc, oldFile), newLabel: label(newDoc, newFile) }),
      )
      return status
    }
    const names = { oldName: oldFile, newName: newFile }
    const output =
      format === 'json'
        ? `${JSON.stringify(diff, null, io.isTTY ? 2 : undefined)}\n`
        : format === 'html'
          ? renderDiffHtml(diff, names)
          : renderDiffText(diff, {
              ...names,
              all: values.all,
              colour: values.colour ?? (io.isTTY && (!values.output || values.output === '-')),
            })
    if (values.output) await writeOutput(io, values.output, output)
    else io.stdout(output)
    return status
  },
}

/** The kinds of change `--omit` names (comma-separated), checked. */
function omitted(value: string | undefined, table: boolean): CompilationOmit[] {
  if (value === undefined) return []
  if (!table) throw new CliError('rolling-text diff: --omit filters the compilation table: add --table')
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const name of names)
    if (!compilationOmits.includes(name as CompilationOmit))
      throw new CliError(`rolling-text diff: --omit takes ${compilationOmits.join(', ')}, not '${name}'`)
  return names as CompilationOmit[]
}
