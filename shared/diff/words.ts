import DiffMatchPatch from 'diff-match-patch'
import type { Token } from './tokenize'
import type { WordEdit } from './types'

const dmp = new DiffMatchPatch()
// Word diffs are small; never trade a correct diff for time.
dmp.Diff_Timeout = 0

// Tokens become characters, as diff-match-patch's line mode does with lines,
// so its character diff is a token diff. The private use area comes first:
// its characters are neither letters nor white space to the cleanup
// heuristics. Past it, the rest of the 16-bit range serves.
const privateUse = { first: 0xe000, size: 0x10000 - 0xe000 }
const maxTokens = 0x10000 - 0x100

function codeFor(n: number): number {
  return n < privateUse.size ? privateUse.first + n : 0x100 + (n - privateUse.size)
}

function indexOf(code: number): number {
  return code >= privateUse.first ? code - privateUse.first : code - 0x100 + privateUse.size
}

/** Maps each distinct text (a token, or a whole clause) to one character;
 *  one alphabet serves both sides of a diff. */
export class TokenAlphabet {
  private codes = new Map<string, string>()
  private texts: string[] = []

  /** The texts as characters, or null past 65,280 distinct texts. */
  encode(tokens: readonly { text: string }[]): string | null {
    let out = ''
    for (const { text } of tokens) {
      let code = this.codes.get(text)
      if (code === undefined) {
        if (this.texts.length >= maxTokens) return null
        code = String.fromCharCode(codeFor(this.texts.length))
        this.codes.set(text, code)
        this.texts.push(text)
      }
      out += code
    }
    return out
  }

  decode(chars: string): string {
    let out = ''
    for (let i = 0; i < chars.length; i++) out += this.texts[indexOf(chars.charCodeAt(i))]
    return out
  }
}

const join = (tokens: readonly Token[]) => tokens.map((t) => t.text).join('')

/** A run of changes between two equalities, in token characters. */
interface ChangeRun {
  deleted: string
  inserted: string
}

/** Equalities this short (in tokens: `the` with its spaces is three) between
 *  two replacements are folded into one replacement. */
const thinEquality = 3

/** Folds a short equality that stands between two replacements into them, so
 *  that a rewritten phrase reads as one deletion and one insertion instead of
 *  alternating single words around a shared `the`. An equality next to a pure
 *  insertion or deletion stays: resolving `[shall][should]` to `should` must
 *  show `should` kept, and inserted words must show as inserted. */
function foldThinEqualities(diffs: [number, string][]): (ChangeRun | string)[] {
  const out: (ChangeRun | string)[] = []
  const isReplacement = (x: ChangeRun | string | undefined): x is ChangeRun =>
    typeof x === 'object' && x.deleted !== '' && x.inserted !== ''
  for (const [op, chars] of diffs) {
    const last = out[out.length - 1]
    if (op === DiffMatchPatch.DIFF_EQUAL) {
      out.push(chars)
      continue
    }
    const run = typeof last === 'object' ? last : { deleted: '', inserted: '' }
    if (run !== last) out.push(run)
    if (op === DiffMatchPatch.DIFF_DELETE) run.deleted += chars
    else run.inserted += chars
  }
  for (let k = 1; k + 1 < out.length; k++) {
    const [before, equal, after] = [out[k - 1], out[k], out[k + 1]]
    if (typeof equal === 'string' && equal.length <= thinEquality && isReplacement(before) && isReplacement(after)) {
      out.splice(k - 1, 3, {
        deleted: before.deleted + equal + after.deleted,
        inserted: before.inserted + equal + after.inserted,
      })
      k--
    }
  }
  return out
}

/** The word-level diff of two token lists (SPEC.md D6): deletions before
 *  insertions within a change; short equalities inside a rewritten phrase
 *  folded into it. */
export function diffTokens(before: readonly Token[], after: readonly Token[]): WordEdit[] {
  const alphabet = new TokenAlphabet()
  const a = alphabet.encode(before)
  const b = alphabet.encode(after)
  if (a === null || b === null) {
    return [
      { op: 'delete', text: join(before) },
      { op: 'insert', text: join(after) },
    ]
  }
  const edits: WordEdit[] = []
  for (const part of foldThinEqualities(dmp.diff_main(a, b, false))) {
    if (typeof part === 'string') edits.push({ op: 'equal', text: alphabet.decode(part) })
    else {
      if (part.deleted) edits.push({ op: 'delete', text: alphabet.decode(part.deleted) })
      if (part.inserted) edits.push({ op: 'insert', text: alphabet.decode(part.inserted) })
    }
  }
  return edits
}
