import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { diffReadings } from '../../../shared/diff/index'
import { renderDiffHtml } from '../../../shared/diff/render-html'
import { renderDiffText } from '../../../shared/diff/render-text'
import type { Command } from '../command'
import { CliError } from '../command'
import { readDocument } from '../documents'

const formats = ['text', 'json', 'html'] as const

/** `rolling-text diff OLD NEW`: the clause-by-clause comparison of two readings. */
export const diffCommand: Command = {
  name: 'diff',
  summary: 'Compare two readings clause by clause (added, deleted, modified, moved, renumbered).',
  usage: 'diff OLD NEW [--format text|json|html] [-o OUT] [--all] [--colour|--no-colour]',
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
      },
    })
    if (positionals.length !== 2) throw new CliError(`rolling-text diff: expected OLD and NEW\nUsage: rolling-text ${this.usage}`)
    const format = values.format as (typeof formats)[number]
    if (!formats.includes(format)) throw new CliError(`rolling-text diff: unknown format '${values.format}' (${formats.join(', ')})`)
    const [oldFile, newFile] = positionals
    const [oldDoc, newDoc] = await Promise.all([readDocument(oldFile, io.cwd), readDocument(newFile, io.cwd)])
    const diff = diffReadings(oldDoc, newDoc)
    const names = { oldName: oldFile, newName: newFile }
    const output = format === 'json' ? `${JSON.stringify(diff, null, 2)}\n`
      : format === 'html' ? renderDiffHtml(diff, names)
        : renderDiffText(diff, { ...names, all: values.all, colour: values.colour ?? (io.isTTY && !values.output) })
    if (values.output) await writeFile(resolve(io.cwd, values.output), output)
    else io.stdout(output)
    return 0
  },
}
