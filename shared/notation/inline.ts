import type { Fragment, Node } from 'prosemirror-model'
import { checkAttribute, maxBracketDepth } from '../schema/rules'
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

const special = /[[\]{\\]/g

/** Reads `text [bracketed] [shall][should] [nested [brackets]]` into text and
 *  bracket-group nodes. `\x` is a literal x. Adjacent bracket pairs form one
 *  group of alternatives; a bracket pair may be followed by `{by="State"}`. */
export function parseInline(src: string): InlineResult | InlineError {
  const top = { content: [] as Node[], text: '' }
  const stack: OptionFrame[] = []
  let frame: { content: Node[]; text: string } = top
  /** Options of the group just closed in the current frame, still open to a
   *  further alternative if `[` follows at once. */
  let pending: Node[] | null = null
  const settle = () => {
    if (pending) frame.content.push(schema.node('bracket_group', null, pending))
    pending = null
  }

  for (let i = 0; i < src.length; i++) {
    special.lastIndex = i
    const next = special.exec(src)?.index ?? src.length
    if (next > i) {
      settle()
      frame.text += src.slice(i, next)
      i = next
      if (i === src.length) break
    }
    const ch = src[i]
    if (ch === '[') {
      if (stack.length >= maxBracketDepth)
        return { message: `brackets nest deeper than ${maxBracketDepth} levels`, offset: i }
      const siblings = pending ?? []
      if (!pending) flush(frame)
      pending = null
      const option = { content: [], text: '', openedAt: i, siblings }
      stack.push(option)
      frame = option
    } else if (ch === ']') {
      settle()
      const closed = stack.pop()
      if (!closed) return { message: "']' without a matching '['", offset: i }
      frame = stack[stack.length - 1] ?? top
      flush(closed)
      const attrs = src[i + 1] === '{' ? optionAttributes(src, i + 1) : { proposedBy: null, end: i + 1 }
      if ('message' in attrs) return attrs
      i = attrs.end - 1
      pending = [...closed.siblings, schema.node('option', { proposedBy: attrs.proposedBy }, closed.content)]
    } else if (ch === '\\') {
      settle()
      if (i + 1 >= src.length) return { message: "a '\\' at the end of the text escapes nothing", offset: i }
      frame.text += src[++i]
    } else {
      settle()
      const read = readAttributeBlock(src, i)
      if ('error' in read) return { message: read.error, offset: read.at }
      if (stack.length || src.slice(read.end).trim() !== '') {
        return {
          message: "unexpected '{': attributes go at the end of a clause (write \\{ for a literal brace)",
          offset: i,
        }
      }
      flush(top)
      return { content: top.content, attributes: read.block }
    }
  }
  settle()
  const open = stack[stack.length - 1]
  if (open) return { message: "'[' is never closed", offset: open.openedAt }
  flush(top)
  return { content: top.content, attributes: null }
}

/** A clause's text (`unnumbered`: of a paragraph with no number): inline content, then any `]` closing brackets opened
 *  before an earlier clause (or this one), then its `{…}` block. */
export function readClauseText(
  source: string,
  unnumbered: boolean,
): (InlineResult & { spanClose: number }) | InlineError {
  const inline = parseInline(source)
  if (!('message' in inline)) return { ...inline, spanClose: 0 }
  if (inline.message.startsWith("']' without")) {
    const closes = /^((?:\]\s*)+)(\{.*)?$/.exec(source.slice(inline.offset))
    if (closes) {
      const rest = parseInline(`${source.slice(0, inline.offset)}${closes[2] ? ` ${closes[2]}` : ''}`)
      const spanClose = closes[1].replace(/\s/g, '').length
      return 'message' in rest ? rest : { ...rest, spanClose }
    }
  }
  if (unnumbered && inline.offset === 0 && inline.message.endsWith('never closed'))
    return {
      ...inline,
      message: `${inline.message} (to bracket paragraphs from this one, put the '[' on a line of its own)`,
    }
  return inline
}

/** Reads `{by="State"}` after a closing bracket. */
function optionAttributes(src: string, at: number): { proposedBy: string | null; end: number } | InlineError {
  const read = readAttributeBlock(src, at)
  if ('error' in read) return { message: read.error, offset: read.at }
  const unknown = Object.keys(read.block.pairs).filter((k) => k !== 'by')
  if (read.block.id || read.block.classes.length || unknown.length) {
    return { message: 'a bracket takes only {by="State"}', offset: at }
  }
  const proposedBy = read.block.pairs.by ?? null
  const breach = checkAttribute('option', 'proposedBy', proposedBy)
  if (breach) return { message: breach.message, offset: at }
  return { proposedBy, end: read.end }
}

const specials = /[\\[\]{]/

/** Escapes plain text for the notation: `\`, `[`, `]` and `{` get a backslash. */
export const escapeText = (text: string): string => (specials.test(text) ? text.replace(/[\\[\]{]/g, '\\$&') : text)

/** Writes inline content (text and bracket groups) back into the notation. */
export function serializeInline(content: Fragment): string {
  let out = ''
  content.forEach((node) => {
    if (node.isText) out += escapeText(node.text ?? '')
    else if (node.type.name === 'bracket_group') {
      node.forEach((option) => {
        const by = option.attrs.proposedBy as string | null
        out += `[${serializeInline(option.content)}]${writeAttributeBlock({ pairs: by ? { by } : {} })}`
      })
    }
  })
  return out
}
