import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import type { Node } from 'prosemirror-model'
import { readingHistory } from '../../../shared/diff/history'
import { renderHistoryHtml, renderHistoryText, selectClauses } from '../../../shared/diff/render-history'
import type { Command } from '../command'
import { CliError } from '../command'
import { loadDocument, warnOn } from '../documents'
import { writeOutput } from '../output'

const formats = ['text', 'json', 'html', 'docx'] as const

/** `rolling-text history R1 R2 … Rn`: the life of every clause across all
 *  readings, and the brackets left per section per reading. */
export const historyCommand: Command = {
  name: 'history',
  summary: 'Follow every clause through a series of readings; brackets left per section per reading.',
  usage: 'history READING1 READING2 … [--clause KEY] [--all] [--format text|json|html|docx] [-o OUT|-]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        output: { type: 'string', short: 'o' },
        clause: { type: 'string' },
        all: { type: 'boolean', default: false },
      },
    })
    if (positionals.length < 1)
      throw new CliError(
        `rolling-text history: expected one or more readings, oldest first\nUsage: rolling-text ${this.usage}`,
      )
    const format = values.format as (typeof formats)[number]
    if (!formats.includes(format))
      throw new CliError(`rolling-text history: unknown format '${values.format}' (${formats.join(', ')})`)
    const docs = await Promise.all(positionals.map((file) => loadDocument(file, io, warnOn(io))))
    // Each reading is named as it calls itself, else by its file name.
    const name = (doc: Node, file: string) => (doc.attrs.meta as Record<string, string>).reading ?? basename(file)
    const history = readingHistory(docs.map((doc, k) => ({ doc, name: name(doc, positionals[k]) })))
    const options = { all: values.all, ...(values.clause ? { clause: values.clause } : {}) }
    if (options.clause && !selectClauses(history, options).length)
      throw new CliError(`rolling-text history: no clause ${options.clause} in any of the readings`)
    if (format === 'docx') {
      if (!values.output)
        throw new CliError('rolling-text history: a Word history needs -o OUT.docx (or -o - for stdout)')
      // Loaded here: the Word writer is large and only this format needs it.
      const { renderHistoryDocx } = await import('../../formats/history-docx')
      await writeOutput(io, values.output, await renderHistoryDocx(history, options))
      return 0
    }
    const output =
      format === 'json'
        ? `${JSON.stringify(options.clause ? { ...history, clauses: selectClauses(history, options) } : history, null, io.isTTY ? 2 : undefined)}\n`
        : format === 'html'
          ? renderHistoryHtml(history, options)
          : renderHistoryText(history, options)
    if (values.output) await writeOutput(io, values.output, output)
    else io.stdout(output)
    return 0
  },
}
