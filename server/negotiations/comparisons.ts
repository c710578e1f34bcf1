import type { ReadingDiff } from '../../shared/diff/types'
import type { Identity } from '../auth/identity'
import type { NegotiationAccess } from './access'
import type { DiffEngine } from './diff'
import type { ReadingService } from './readings'

/** Clause-by-clause comparisons of two readings, or of a reading and the live text. */
export class ComparisonService {
  constructor(
    private readonly access: NegotiationAccess,
    private readonly readings: ReadingService,
    private readonly engine: DiffEngine,
  ) {}

  /** Compares the texts at `from` and `to` (reading ids, or `live`). */
  async diff(
    who: Identity,
    id: string,
    from: string | null,
    to: string | null,
  ): Promise<{ diff: ReadingDiff; title: string; from: string; to: string }> {
    const negotiation = await this.access.require(who, id)
    const a = await this.readings.textAt(who, negotiation, from, 'from')
    const b = await this.readings.textAt(who, negotiation, to, 'to')
    return {
      diff: this.engine.diff(a.doc, b.doc),
      title: `${negotiation.title}: ${a.name} → ${b.name}`,
      from: a.name,
      to: b.name,
    }
  }

  /** Renders a comparison as a standalone HTML page. */
  renderHtml(diff: ReadingDiff, title: string): string {
    return this.engine.renderHtml(diff, { title })
  }
}
