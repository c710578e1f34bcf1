import type { Node } from 'prosemirror-model'

/** ISO 639-2 codes of the UN's official languages, by their English names. */
const byName: Record<string, string> = {
  arabic: 'ara',
  chinese: 'zho',
  english: 'eng',
  french: 'fra',
  russian: 'rus',
  spanish: 'spa',
}

/** Frequent short words that tell the Latin-script UN languages apart. */
const markers: [string, RegExp][] = [
  ['eng', /\b(?:the|and|of|shall|should|to|in|that)\b/gi],
  ['fra', /\b(?:le|la|les|des|et|du|à|doivent|devraient)\b/gi],
  ['spa', /\b(?:el|los|las|del|y|que|deberán|deberían)\b/gi],
]

/** The language of a text as an ISO 639-2 code (`eng`): from `% language:`
 *  (a code or a name) or `% original:` in its metadata, else detected from
 *  its script and frequent words. English when nothing tells. */
export function textLanguage(doc: Node): string {
  const meta = doc.attrs.meta as Record<string, string>
  for (const value of [meta.language, meta.original]) {
    const v = value?.trim().toLowerCase()
    if (!v) continue
    if (/^[a-z]{3}$/.test(v)) return v
    if (byName[v]) return byName[v]
  }
  const text = doc.textContent.slice(0, 20_000)
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0
  const letters = Math.max(1, count(/\p{L}/gu))
  if (count(/\p{Script=Arabic}/gu) / letters > 0.3) return 'ara'
  if (count(/\p{Script=Cyrillic}/gu) / letters > 0.3) return 'rus'
  if (count(/\p{Script=Han}/gu) / letters > 0.3) return 'zho'
  let best = 'eng'
  let most = 0
  for (const [code, pattern] of markers) {
    const n = count(pattern)
    if (n > most) [best, most] = [code, n]
  }
  return best
}
