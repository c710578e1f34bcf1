// The benchmark's baseline: diff-match-patch over the whole text in word mode
// (each word or run of white space becomes one character, as its line mode
// does with lines). Plain JavaScript, so a baseline process loads no compiler.
import DiffMatchPatch from 'diff-match-patch'

/** Word-mode diff of two texts; returns diff-match-patch's [op, text] tuples. */
export function wordModeDiff(before, after, timeout = 0) {
  const dmp = new DiffMatchPatch()
  dmp.Diff_Timeout = timeout
  const codes = new Map()
  const words = []
  const encode = (text) => {
    let out = ''
    for (const word of text.match(/\S+|\s+/g) ?? []) {
      let code = codes.get(word)
      if (code === undefined) {
        code = String.fromCharCode(words.length + 1)
        codes.set(word, code)
        words.push(word)
      }
      out += code
    }
    return out
  }
  const diffs = dmp.diff_main(encode(before), encode(after), false)
  return diffs.map(([op, chars]) => [op, Array.from(chars, (c) => words[c.charCodeAt(0) - 1]).join('')])
}
