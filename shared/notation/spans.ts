import type { Node } from 'prosemirror-model'
import { bracketDepth } from '../brackets/depth'
import { marksOfNode, pairSpans, spanDepthBreach, spanDepths } from '../brackets/spans'

/** Where a piece of clause source stands in the file (lines and columns from 1). */
interface Segment {
  text: string
  line: number
  column: number
}

/** Why a section's brackets spanning paragraphs cannot be read, and where:
 *  each must close within its section, and they nest (with the brackets
 *  inside each clause) no deeper than the limit. Null when they are fine.
 *  `segments` are each clause's source lines, `clauses` the clauses built. */
export function spanError(
  numeral: string,
  segments: readonly Segment[][],
  clauses: readonly Node[],
): { line: number; column: number; message: string } | null {
  const marks = clauses.map(marksOfNode)
  const lineOf = (i: number) => segments[i][0].line
  const paired = pairSpans(marks)
  if ('breach' in paired) {
    const closing = segments[paired.at]
    const last = closing[closing.length - 1]
    if (marks[paired.at].spanClose && paired.breach.message.startsWith('a bracket closes'))
      return {
        line: last.line,
        column: last.column + last.text.length - 1,
        message: `']' closes a bracket no paragraph before it opened in section ${numeral}`,
      }
    return {
      line: lineOf(paired.at),
      column: 1,
      message: `'[' before this paragraph is never closed in section ${numeral}: close it with ']' at the end of a later paragraph`,
    }
  }
  const depths = spanDepths(marks)
  for (let i = 0; i < clauses.length; i++) {
    const breach = depths[i] ? spanDepthBreach(depths[i], bracketDepth(clauses[i])) : null
    if (breach) return { line: lineOf(i), column: 1, message: breach.message }
  }
  return null
}
