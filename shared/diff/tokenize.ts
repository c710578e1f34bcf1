/** One token of a clause text written in the notation. */
export interface Token {
  /** The token exactly as it stands in the text (escapes kept), so that
   *  joining a clause's tokens gives its text back. */
  text: string
  kind: 'word' | 'space' | 'punct' | 'bracket' | 'attr'
  /** How many brackets are open around it (a bracket token counts itself). */
  depth: number
}

// Intl.Segmenter finds word boundaries in scripts written without spaces
// (Chinese, Japanese, Thai), so one changed character is a word-sized change
// rather than a whole-sentence replacement.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' })

const escape = (text: string) => text.replace(/[\\[\]{]/g, '\\$&')

function pushSegments(run: string, depth: number, out: Token[]) {
  if (!run) return
  for (const { segment, isWordLike } of segmenter.segment(run)) {
    const kind = isWordLike ? 'word' : /^\s+$/.test(segment) ? 'space' : 'punct'
    out.push({ text: escape(segment), kind, depth })
  }
}

/** The end of the `{…}` attribute block starting at `start` (quotes respected). */
function attributeEnd(text: string, start: number): number {
  let quoted = false
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '"') quoted = !quoted
    else if (text[i] === '}' && !quoted) return i + 1
  }
  return text.length
}

/** Splits clause text into words, spaces, punctuation, brackets (each `[` and
 *  `]` a token of its own) and attribute blocks (`{by="State"}`). */
export function tokenize(text: string): Token[] {
  const out: Token[] = []
  let run = ''
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '\\' && i + 1 < text.length) {
      run += text[++i]
    } else if (ch === '[' || ch === ']') {
      pushSegments(run, depth, out)
      run = ''
      if (ch === '[') depth++
      out.push({ text: ch, kind: 'bracket', depth: ch === '[' ? depth : depth-- })
    } else if (ch === '{') {
      // The notation escapes every literal brace, so this opens an attribute block.
      const end = attributeEnd(text, i)
      out.push({ text: text.slice(i, end), kind: 'attr', depth })
      i = end - 1
    } else {
      run += ch
    }
  }
  pushSegments(run, depth, out)
  return out
}
