import type { Node, ResolvedPos } from 'prosemirror-model'
import { maxBracketDepth, type RuleBreach } from '../schema/rules'

/** How deep bracket groups nest inside `node`: 0 for none, 1 for `[a][b]`,
 *  2 for `[a [b]]`. */
export function bracketDepth(node: Node): number {
  let deepest = 0
  const walk = (n: Node, depth: number): void => {
    n.forEach((child) => {
      if (child.isText) return
      const d = child.type.name === 'bracket_group' ? depth + 1 : depth
      if (d > deepest) deepest = d
      // A walk deeper than the limit has already found its answer.
      if (d <= maxBracketDepth) walk(child, d)
    })
  }
  walk(node, 0)
  return deepest
}

/** How many bracket groups enclose a position. */
export function groupsAround($pos: ResolvedPos): number {
  let n = 0
  for (let d = $pos.depth; d > 0; d--) if ($pos.node(d).type.name === 'bracket_group') n++
  return n
}

/** The breach for brackets nested `depth` deep, or null within the limit. */
export function depthBreach(depth: number): RuleBreach | null {
  return depth > maxBracketDepth
    ? { rule: 'brackets.depth', message: `brackets nest ${depth} deep; at most ${maxBracketDepth} levels are allowed` }
    : null
}
