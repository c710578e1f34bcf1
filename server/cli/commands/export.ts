import { parseArgs } from 'node:util'
import type { AnnexPosition } from '../../../shared/formats/annex'
import { documentFormats, isDocumentFormat, writeDocument } from '../../formats/documents'
import type { CliIO, Command } from '../command'
import { CliError } from '../command'
import { loadDocument, readInput, warnOn } from '../documents'
import { writeOutput } from '../output'

/** `rolling-text export FILE --format F -o OUT`: a text in another format. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'Write a text as Word (docx), the notation (txt), Akoma Ntoso XML (akn) or printable HTML (html).',
  usage: 'export FILE|- --format docx|txt|akn|html [-o OUT|-] [--positions POSITIONS.json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string' }, output: { type: 'string', short: 'o' }, positions: { type: 'string' } },
    })
    if (positionals.length !== 1)
      throw new CliError(`rolling-text export: expected one FILE\nUsage: rolling-text ${this.usage}`)
    const format = values.format
    if (!isDocumentFormat(format))
      throw new CliError(`rolling-text export: --format must be one of ${documentFormats.join(', ')}`)
    if (format === 'docx' && !values.output)
      throw new CliError('rolling-text export: a Word file needs -o OUT.docx (or -o - for stdout)')
    if (values.positions && format !== 'docx' && format !== 'html')
      throw new CliError('rolling-text export: only docx and html have a positions annex')
    const doc = await loadDocument(positionals[0], io, warnOn(io))
    const positions = values.positions ? await readPositions(values.positions, io) : undefined
    const written = await writeDocument(doc, format, positions ? { positions } : {})
    for (const note of written.notes) io.stderr(`note: ${note}\n`)
    const output = written.body
    if (values.output) await writeOutput(io, values.output, output)
    else io.stdout(typeof output === 'string' ? output : Buffer.from(output).toString('utf8'))
    return 0
  },
}

/** Reads positions for the annex: a JSON array, or an object with a
 *  `positions` array (as tests/fixtures/sample-positions.json), each naming
 *  its clause by `clauseId` or by key in `clause` (`II.4(c)`). */
async function readPositions(file: string, io: CliIO): Promise<AnnexPosition[]> {
  let json: unknown
  try {
    json = JSON.parse((await readInput(file, io)).toString('utf8'))
  } catch (e) {
    if (e instanceof CliError) throw e
    throw new CliError(`${file}: not valid JSON (${(e as Error).message})`, 2)
  }
  const list = Array.isArray(json) ? json : (json as { positions?: unknown })?.positions
  if (!Array.isArray(list)) throw new CliError(`${file}: expected an array of positions, or {"positions": [...]}`, 2)
  return list.map((p: Record<string, unknown>, i) => {
    const clauseId = p.clauseId ?? p.clause
    if (typeof clauseId !== 'string' || typeof p.state !== 'string' || typeof p.stance !== 'string') {
      throw new CliError(`${file}: position ${i + 1} needs clauseId (or clause), state and stance`, 2)
    }
    return {
      clauseId,
      state: p.state,
      stance: p.stance as AnnexPosition['stance'],
      target: typeof p.target === 'string' ? p.target : null,
      comment: typeof p.comment === 'string' ? p.comment : '',
    }
  })
}
