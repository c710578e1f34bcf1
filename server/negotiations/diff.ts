import type { Node } from 'prosemirror-model'
import { diffReadings } from '../../shared/diff/index'
import { renderDiffHtml } from '../../shared/diff/render-html'
import type { ReadingDiff } from '../../shared/diff/types'

/** The comparison engine the readings API calls. Injected so the HTTP layer
 *  stays a thin call and tests can count calls. */
export interface DiffEngine {
  diff(oldDoc: Node, newDoc: Node): ReadingDiff
  renderHtml(diff: ReadingDiff, options: { title: string }): string
}

/** The shared engine (shared/diff), the same the CLI and the client use. */
export const sharedDiffEngine: DiffEngine = {
  diff: diffReadings,
  renderHtml: (diff, { title }) => renderDiffHtml(diff, { title }),
}
