import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { diffReadings } from '../../../shared/diff/index'
import { renderDiffHtml } from '../../../shared/diff/render-html'
import { renderDiffText } from '../../../shared/diff/render-text'
import type { Command } from '../command'
import { CliError } from '../command'
import { loadDocument, warnOn } from '../documents'
import { writeOutput } from '../output'

const formats = ['text', 'json', 'html', 'docx'] as const

/** `rolling-text diff OLD NEW`: the clause-by-clause comparison of two readings. */
export const diffCommand: Command = {
  name: 'diff',
  summary: 'Compare two readings clause by clause (added, deleted, modified, moved, renumbered).',
  usage: 'diff OLD NEW [--format text|json|html|docx] [-o OUT|-] [--all] [--colour|--no-colour] [--exit-code]',
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
    if (format === 'docx') {
      if (!values.output) throw new CliError('rolling-text diff: a Word redline needs -o OUT.docx (or -o - for stdout)')
      // Loaded here: the Word writer is large and only this format needs it.
      const { renderRedlineDocx } = await import('../../formats/redline-docx')
      // The redline names the readings as the documents call themselves.
      const label = (doc: typeof oldDoc, file: string) =>
        (doc.attrs.meta as Record<string, string>).reading ?? basename(file)
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
