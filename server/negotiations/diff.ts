import type { Node } from 'prosemirror-model'
import type { ReadingDiff } from '../../shared/diff/types'

/** The comparison engine the readings API calls: the shared one. Injected so
 *  that the HTTP layer stays a thin call. */
export interface DiffEngine {
  diff(oldDoc: Node, newDoc: Node): ReadingDiff
  renderHtml(diff: ReadingDiff, options: { title: string }): string
}

/** The shared engine (shared/diff), or null while it is not in this tree.
 *  The specifiers are not literals so the type check does not require the
 *  modules before they land. */
export async function loadSharedDiffEngine(): Promise<DiffEngine | null> {
  const engine = '../../shared/diff/index'
  const render = '../../shared/diff/render-html'
  try {
    const [{ diffReadings }, { renderDiffHtml }] = await Promise.all([import(engine), import(render)])
    return { diff: diffReadings, renderHtml: renderDiffHtml }
  } catch {
    return null
  }
}
