/** Attribute blocks in the notation, Pandoc style: `{#id .class key="value"}`.
 *  A clause may end with one (`{#c7 .adref}`); an option may carry one right
 *  after its closing bracket (`[shall]{by="France"}`). */
export interface AttributeBlock {
  id: string | null
  classes: string[]
  pairs: Record<string, string>
}

/** Reads the block starting at `src[start] === '{'`. Returns the block and the
 *  index after its `}`, or an error message with the offset it points at. */
export function readAttributeBlock(
  src: string,
  start: number,
): { block: AttributeBlock; end: number } | { error: string; at: number } {
  const block: AttributeBlock = { id: null, classes: [], pairs: {} }
  let i = start + 1
  for (;;) {
    while (src[i] === ' ') i++
    if (i >= src.length) return { error: "unclosed '{' attribute block", at: start }
    if (src[i] === '}') return { block, end: i + 1 }
    const item = /^(?:#([\w:.-]+)|\.([A-Za-z][\w-]*)|([A-Za-z][\w-]*)="((?:[^"\\]|\\.)*)")/.exec(src.slice(i))
    if (!item)
      return { error: 'bad attribute: expected #id, .class or key="value" (write \\{ for a literal brace)', at: i }
    if (item[1] !== undefined) block.id = item[1]
    else if (item[2] !== undefined) block.classes.push(item[2])
    else block.pairs[item[3]] = item[4].replace(/\\(.)/g, '$1')
    i += item[0].length
    if (src[i] !== ' ' && src[i] !== '}') return { error: 'attributes must be separated by spaces', at: i }
  }
}

/** Writes a block, or the empty string when there is nothing to write. */
export function writeAttributeBlock(block: Partial<AttributeBlock>): string {
  const items: string[] = []
  if (block.id) items.push(`#${block.id}`)
  for (const c of block.classes ?? []) items.push(`.${c}`)
  for (const [key, value] of Object.entries(block.pairs ?? {})) {
    items.push(`${key}="${value.replace(/[\\"]/g, '\\$&')}"`)
  }
  return items.length ? `{${items.join(' ')}}` : ''
}
