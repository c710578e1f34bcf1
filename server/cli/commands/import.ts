import { extname } from 'node:path'
import { parseArgs } from 'node:util'
import { importText } from '../../../shared/formats/plain-text'
import { serializeNotation } from '../../../shared/notation/serialize'
import type { Command } from '../command'
import { CliError } from '../command'
import { isZip, readInput, settleImport, warnOn } from '../documents'
import { writeOutput } from '../output'

/** `rolling-text import FILE`: a Word file or a plain UN-style text, written
 *  out in the notation. */
export const importCommand: Command = {
  name: 'import',
  summary: 'Turn a UN-style Word file or plain text into the notation, listing what could not be mapped.',
  usage: 'import FILE.docx|FILE.txt|- [-o OUT.txt|-]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { output: { type: 'string', short: 'o' } },
    })
    if (positionals.length !== 1)
      throw new CliError(`rolling-text import: expected one FILE\nUsage: rolling-text ${this.usage}`)
    const file = positionals[0]
    const bytes = await readInput(file, io)
    const result = (file === '-' ? isZip(bytes) : extname(file).toLowerCase() === '.docx')
      ? await (await import('../../formats/docx-import')).importDocx(bytes)
      : importText(bytes.toString('utf8'))
    const notation = serializeNotation(settleImport(result, file === '-' ? '<stdin>' : file, warnOn(io)))
    if (values.output) await writeOutput(io, values.output, notation)
    else io.stdout(notation)
    return 0
  },
}
