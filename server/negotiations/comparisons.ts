import type { Identity } from '../auth/identity'
import type { Workers } from '../workers'
import type { CompareFormat } from '../workers/tasks'
import type { NegotiationAccess } from './access'
import { type FileReply, fileName } from './files'
import type { ReadingService } from './readings'

/** Clause-by-clause comparisons of two readings, or of a reading and the
 *  live text, computed and rendered on the render workers. */
export class ComparisonService {
  constructor(
    private readonly access: NegotiationAccess,
    private readonly readings: ReadingService,
    private readonly workers: Workers,
  ) {}

  /** Compares the texts at `from` and `to` (reading ids, or `live`): the
   *  comparison as JSON, an HTML page, or a Word redline to download. */
  async compare(
    who: Identity,
    id: string,
    from: string | null,
    to: string | null,
    format: CompareFormat,
  ): Promise<FileReply> {
    const negotiation = await this.access.require(who, id)
    const a = await this.readings.textAt(who, negotiation, from, 'from')
    const b = await this.readings.textAt(who, negotiation, to, 'to')
    const title = `${negotiation.title}: ${a.name} → ${b.name}`
    const file = await this.workers.compare(a, b, format, title)
    return {
      body: file.body,
      type: file.type,
      ...(format === 'docx' ? { filename: `${fileName(title)}.docx` } : {}),
    }
  }
}
