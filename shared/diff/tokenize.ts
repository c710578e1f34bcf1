import { escapeText } from '../notation/inline'

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
// (Chinese, Japanese, Thai…), so one changed character is a word-sized change
// rather than a whole-sentence replacement. It costs over a microsecond a
// word, so text in scripts that separate words with spaces goes through a
// regular expression that follows the same word rules (UAX #29: letters,
// marks and digits, joined across an apostrophe or a full stop between
// letters, and a comma or full stop between digits; runs of spaces kept
// together); a test holds the two equal.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' })
const needsDictionary =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u
const wordChar = '[\\p{L}\\p{M}\\p{Nd}\\p{Pc}]'
/** Spaces UAX #29 keeps together (WSegSpace): not tabs, line breaks or no-break spaces. */
const wordSpaces = '[ \\u1680\\u2000-\\u2006\\u2008-\\u200a\\u205f\\u3000]'
const joiner = "(?<=\\p{L}\\p{M}*)['’.:·](?=\\p{L})|(?<=\\p{Nd}\\p{M}*)[.,;'’](?=\\p{Nd})"
const wordPattern = new RegExp(`${wordChar}+(?:(?:${joiner})${wordChar}+)*|${wordSpaces}+|[^]`, 'gu')
// The same rules for text that is all printable ASCII, without Unicode
// property classes, which V8 matches several times faster.
const asciiWordPattern =
  /[A-Za-z0-9_]+(?:(?:(?<=[A-Za-z])['.:](?=[A-Za-z])|(?<=[0-9])[.,;'](?=[0-9]))[A-Za-z0-9_]+)*| +|[\s\S]/g
const printableAscii = /^[\x20-\x7e]*$/

/** An ASCII segment's kind from its first character: the pattern only joins
 *  word characters into one segment, and runs of spaces into another. A lone
 *  `_` is punctuation to UAX #29, `__` a word. */
function asciiSegment(segment: string): { segment: string; kind: Token['kind'] } {
  const c = segment.charCodeAt(0)
  const letterOrDigit = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
  if (letterOrDigit || (c === 95 && segment.length > 1)) return { segment, kind: 'word' }
  return { segment, kind: c === 32 ? 'space' : 'punct' }
}

function kindOf(segment: string, wordLike: boolean): Token['kind'] {
  return wordLike ? 'word' : /^\s+$/.test(segment) ? 'space' : 'punct'
}

/** Splits a run of plain text (no brackets) into words, spaces and punctuation. */
export function segmentWords(run: string): { segment: string; kind: Token['kind'] }[] {
  if (printableAscii.test(run)) return Array.from(run.match(asciiWordPattern) ?? [], asciiSegment)
  if (needsDictionary.test(run)) {
    return Array.from(segmenter.segment(run), (s) => ({
      segment: s.segment,
      kind: kindOf(s.segment, Boolean(s.isWordLike)),
    }))
  }
  return Array.from(run.match(wordPattern) ?? [], (segment) => ({
    segment,
    kind: kindOf(segment, /[\p{L}\p{N}]|^\p{Pc}{2,}$/u.test(segment)),
  }))
}

function pushSegments(run: string, depth: number, out: Token[]) {
  if (!run) return
  const escaped = escapeText(run) !== run
  for (const { segment, kind } of segmentWords(run))
    out.push({ text: escaped ? escapeText(segment) : segment, kind, depth })
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
