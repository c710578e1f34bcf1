import type { Node } from 'prosemirror-model'
import type { ClauseAttrs } from '../schema/nodes'
import { numberSection } from '../schema/numbering'
import { sectionTitle } from '../schema/outline'
import { writeAttributeBlock } from './attributes'
import { classifyLine } from './lines'
import { serializeInline } from './inline'

const indentByLevel = ['', '', '  ', '    ']

/** Writes a document in the rolling-text notation. Numbers are computed
 *  (labels given in the source are kept); ids and the agreed-ad-referendum
 *  status are written as a trailing `{#id .adref}` block when present. */
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
      let text = serializeInline(clause.content)
      if (attrs.level === 0) {
        if (out[out.length - 1] !== '' && i > 1) out.push('')
        // An unnumbered paragraph must not read as a heading, number or comment.
        if (text !== '' && classifyLine(text).kind !== 'text') text = `\\${text}`
        if (text === '' && !block) text = '{}'
      }
      const line = [number.display, text, block].filter((part) => part !== '').join(' ')
      out.push(indentByLevel[attrs.level] + line)
    })
  })
  return `${out.join('\n')}\n`
}
