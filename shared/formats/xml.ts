/** Escapes text for XML and HTML content and double-quoted attribute values.
 *  Control characters XML 1.0 forbids (pasted from other programs) are dropped:
 *  one of them would make the whole file unreadable. */
export function escapeXml(text: string): string {
  return text.replace(forbiddenInXml, '').replace(/[&<>"]/g, (c) => xmlEntities[c] ?? c)
}

const xmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }
/** C0 controls other than tab, line feed and carriage return (a class of control characters minus those three
 *  and the C1 range XML allows), and the two noncharacters U+FFFE and U+FFFF. */
const forbiddenInXml = /(?![\t\n\r\x7f-\x9f])\p{Cc}|[\uFFFE\uFFFF]/gu
