import type { Fragment, Node } from 'prosemirror-model'
import { schema } from '../schema/schema'
import { readAttributeBlock, writeAttributeBlock, type AttributeBlock } from './attributes'

/** An expected failure while reading inline text: a message and the offset in
 *  the source it points at. */
export interface InlineError {
  message: string
  offset: number
}

/** A clause's inline content, read from the notation. */
export interface InlineResult {
  content: Node[]
  /** The trailing `{…}` block of the clause, if any. */
  attributes: AttributeBlock | null
}

interface OptionFrame {
  content: Node[]
  text: string
  openedAt: number
  /** Options already closed in the group this option belongs to. */
  siblings: Node[]
}

function flush(frame: { content: Node[]; text: string }) {
  if (frame.text) frame.content.push(schema.text(frame.text))
  frame.text = ''
}

/** Reads `text [bracketed] [shall][should] [nested [brackets]]` into text and
 *  bracket-group nodes. `\x` is a literal x. Adjacent bracket pairs form one
 *  group of alternatives; a bracket pair may be followed by `{by="State"}`. */
export function parseInline(src: string): InlineResult | InlineError {
  const top = { content: [] as Node[], text: '' }
  const stack: OptionFrame[] = []
  const current = () => stack[stack.length - 1] ?? top
  /** Options of the group just closed in the current frame, still open to a
   *  further alternative if `[` follows at once. */
  let pending: Node[] | null = null
  const settle = () => {
    if (pending) current().content.push(schema.node('bracket_group', null, pending))
    pending = null
  }

  for (let i = 0; i < src.length; i++) {
    const ch = src[i]
    if (ch === '[') {
      const siblings = pending ?? []
      if (!pending) flush(current())
      pending = null
      stack.push({ content: [], text: '', openedAt: i, siblings })
    } else if (ch === ']') {
      settle()
      const frame = stack.pop()
      if (!frame) return { message: "']' without a matching '['", offset: i }
      flush(frame)
      let proposedBy: string | null = null
      if (src[i + 1] === '{') {
        const read = readAttributeBlock(src, i + 1)
        if ('error' in read) return { message: read.error, offset: read.at }
        const unknown = Object.keys(read.block.pairs).filter((k) => k !== 'by')
        if (read.block.id || read.block.classes.length || unknown.length) {
          return { message: 'a bracket takes only {by="State"}', offset: i + 1 }
        }
        proposedBy = read.block.pairs.by ?? null
        i = read.end - 1
      }
      pending = [...frame.siblings, schema.node('option', { proposedBy }, frame.content)]
    } else {
      settle()
      if (ch === '{') {
        const read = readAttributeBlock(src, i)
        if ('error' in read) return { message: read.error, offset: read.at }
        if (stack.length || src.slice(read.end).trim() !== '') {
          return { message: "unexpected '{': attributes go at the end of a clause (write \\{ for a literal brace)", offset: i }
        }
        flush(top)
        return { content: top.content, attributes: read.block }
      }
      if (ch === '\\') {
        if (i + 1 >= src.length) return { message: "a '\\' at the end of the text escapes nothing", offset: i }
        current().text += src[++i]
      } else {
        current().text += ch
      }
    }
  }
  settle()
  const open = stack[stack.length - 1]
  if (open) return { message: "'[' is never closed", offset: open.openedAt }
  flush(top)
  return { content: top.content, attributes: null }
}

const escapeText = (text: string) => text.replace(/[\\[\]{]/g, '\\$&')

/** Writes inline content (text and bracket groups) back into the notation. */
export function serializeInline(content: Fragment): string {
  let out = ''
  content.forEach((node) => {
    if (node.isText) out += escapeText(node.text!)
    else if (node.type.name === 'bracket_group') {
      node.forEach((option) => {
        const by = option.attrs.proposedBy as string | null
        out += `[${serializeInline(option.content)}]${writeAttributeBlock({ pairs: by ? { by } : {} })}`
      })
    }
  })
  return out
}
