import type { Node } from 'prosemirror-model'
import type { ClauseAttrs } from '../schema/nodes'
import { numberSection } from '../schema/numbering'
import { sectionTitle } from '../schema/outline'
import { writeAttributeBlock } from './attributes'
import { asUnnumberedLine } from './lines'
import { serializeInline } from './inline'

const indentByLevel = ['', '', '  ', '    ']

/** Writes a document in the rolling-text notation. Numbers are computed
 *  (labels given in the source are kept); ids and the agreed-ad-referendum
 *  status are written as a trailing `{#id .adref}` block when present.
 *  Brackets spanning paragraphs open with `[` before the first one's number
 *  (on a line of their own before an unnumbered one) and close with `]` at
 *  the end of the last one's text. */
export function serializeNotation(doc: Node): string {
  const out: string[] = []
  for (const [key, value] of Object.entries(doc.attrs.meta as Record<string, string>)) {
    out.push(`% ${key}: ${value}`)
  }
  doc.forEach((section) => {
    if (out.length) out.push('')
    const numbers = numberSection(section)
    const title = sectionTitle(section)
    out.push(`# ${section.attrs.numeral}.${title ? ` ${title}` : ''}`)
    let index = 0
    section.forEach((clause, _offset, i) => {
      if (i === 0) return
      const attrs = clause.attrs as ClauseAttrs
      const number = numbers[index++]
      const block = writeAttributeBlock({ id: attrs.id, classes: attrs.status === 'adref' ? ['adref'] : [] })
      const opens = '['.repeat(attrs.spanOpen)
      let text = serializeInline(clause.content) + ']'.repeat(attrs.spanClose)
      if (attrs.level === 0) {
        if (out[out.length - 1] !== '' && i > 1) out.push('')
        // A `[` starting an unnumbered paragraph would be an inline bracket.
        if (opens) out.push(opens)
        // An unnumbered paragraph must not read as a heading, number or comment.
        text = asUnnumberedLine(text)
        if (text === '' && !block) text = '{}'
      }
      const numbered = attrs.level === 0 ? '' : `${opens}${number.display}`
      const line = [numbered, text, block].filter((part) => part !== '').join(' ')
      out.push(indentByLevel[attrs.level] + line)
    })
  })
  return `${out.join('\n')}\n`
}
