import { DOMParser, type Document, type Element } from '@xmldom/xmldom'

/** The WordprocessingML namespace (`w:`). */
export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'

/** Parses one XML part, or returns why it is not well-formed. */
export function parseXml(text: string): { ok: true; doc: Document } | { ok: false; message: string } {
  let problem: string | null = null
  // xmldom logs to the console unless given a handler; we report instead.
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') problem ??= message
    },
  })
  try {
    // Some writers start a part with a UTF-8 byte-order mark, which is no XML.
    const doc = parser.parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml')
    return problem === null ? { ok: true, doc } : { ok: false, message: problem }
  } catch {
    return { ok: false, message: problem ?? 'not well-formed XML' }
  }
}

/** The element children of `el`, in order. */
export function elements(el: Element): Element[] {
  const out: Element[] = []
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === n.ELEMENT_NODE) out.push(n as Element)
  return out
}

/** The first `w:name` child of `el`, if any. */
export function wChild(el: Element | null | undefined, name: string): Element | null {
  if (!el) return null
  return elements(el).find((c) => c.namespaceURI === W && c.localName === name) ?? null
}

/** The `w:name` children of `el`. */
export function wChildren(el: Element, name: string): Element[] {
  return elements(el).filter((c) => c.namespaceURI === W && c.localName === name)
}

/** A `w:` attribute's value, or null. */
export function wAttr(el: Element | null | undefined, name: string): string | null {
  return el?.getAttributeNS(W, name) || null
}

/** The `w:val` of the `w:name` child: `<w:pStyle w:val="Heading1"/>`. */
export function wVal(el: Element | null | undefined, name: string): string | null {
  return wAttr(wChild(el, name), 'val')
}
