import { parseArgs } from 'node:util'
import { serializeNotation } from '../../../shared/notation/serialize'
import type { Command } from '../command'
import { CliError } from '../command'
import { loadDocument, warnOn } from '../documents'
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
    const [file] = positionals
    if (positionals.length !== 1 || file === undefined)
      throw new CliError(`rolling-text import: expected one FILE\nUsage: rolling-text ${this.usage}`)
    const notation = serializeNotation(await loadDocument(file, io, warnOn(io)))
    if (values.output) await writeOutput(io, values.output, notation)
    else io.stdout(notation)
    return 0
  },
}
