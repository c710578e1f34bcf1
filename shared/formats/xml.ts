/** Escapes text for XML and HTML content and double-quoted attribute values.
 *  Control characters XML 1.0 forbids (pasted from other programs) are dropped:
 *  one of them would make the whole file unreadable. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
}
