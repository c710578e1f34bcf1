import type { Fragment, Node } from 'prosemirror-model'
import { listSections, type ClauseEntry } from '../schema/outline'
import { textLanguage } from './language'
import { preambleNumeral } from './sections'
import { escapeXml } from './xml'

/** The Akoma Ntoso 3.0 namespace. */
export const aknNamespace = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0'

/** An Akoma Ntoso rendering and the clauses whose eId could not come from a
 *  stable clause id. */
export interface AknResult {
  xml: string
  /** Keys of clauses without an id: their eId derives from their number, so it
   *  changes when the text is renumbered. Callers should say so. */
  keyDerived: string[]
}

/** What names the work beyond the text itself. */
export interface AknOptions {
  /** The negotiation's id, so that two negotiations never share a work IRI;
   *  without it the work is named after the document symbol or title. */
  work?: string
}

/** Renders a document as an Akoma Ntoso `doc`: sections with `num` and
 *  `heading`; numbered and unnumbered paragraphs as `paragraph`, lettered and
 *  roman sub-paragraphs as `point` nested under the clause they belong to.
 *  eIds come from stable clause ids (`para_<id>`, `point_<id>`), not from
 *  positions as the AKN naming convention would have it, so that the same
 *  clause keeps its eId across readings. A bracket group is an
 *  `<inline name="bracketGroup">` holding one `<inline name="option">` per
 *  alternative, brackets included in the text. `today` (YYYY-MM-DD) dates the
 *  work when the document's meta has no date. */
export function renderAkomaNtoso(doc: Node, today: string, options: AknOptions = {}): AknResult {
  const meta = doc.attrs.meta as Record<string, string>
  const states = new Set<string>()
  doc.descendants((node) => {
    if (node.attrs.proposedBy) states.add(node.attrs.proposedBy as string)
  })
  const ids = new EidAllocator()
  const text = clauseText(ids)
  const sections = listSections(doc)
  const preamble = sections.find((s) => s.numeral === preambleNumeral)
  // Rendered first, so spans are numbered in reading order.
  const front = preamble ? [renderPreamble(preamble.clauses, ids, text)] : []
  const body = sections
    .filter((s) => s !== preamble)
    .map((section) => {
      const eId = ids.claim(`sec_${ids.safe(section.numeral)}`)
      const clauses = nestClauses(section.clauses)
      const children = clauses.length
        ? clauses.map((c) => renderClause(c, section.numeral, ids, text)).join('')
        : '<content><p/></content>'
      return `<section eId="${escapeXml(eId)}"><num>${escapeXml(section.numeral)}.</num><heading>${escapeXml(section.title)}</heading>${children}</section>`
    })
    .join('\n')
  const date = /^\d{4}-\d{2}-\d{2}$/.test(meta.date ?? '') ? meta.date : today
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<akomaNtoso xmlns="${aknNamespace}">`,
    '<doc name="rollingText">',
    renderMeta(identity(doc, date, options), [...states]),
    `<preface><p><docTitle>${escapeXml(meta.title ?? '')}</docTitle></p>${meta.reading ? `<p><docStage>${escapeXml(meta.reading)}</docStage></p>` : ''}</preface>`,
    ...front,
    `<mainBody>\n${body}\n</mainBody>`,
    '</doc>',
    '</akomaNtoso>',
    '',
  ].join('\n')
  return { xml, keyDerived: ids.keyDerived }
}

/** A clause and the clauses nested under it (deeper levels that follow it). */
interface ClauseTree {
  entry: ClauseEntry
  children: ClauseTree[]
}

/** Nests each clause under the nearest earlier clause of a lower level: `(a)`
 *  under its paragraph or chapeau, `(i)` under its `(a)`. */
function nestClauses(clauses: ClauseEntry[]): ClauseTree[] {
  const roots: ClauseTree[] = []
  const open: ClauseTree[] = []
  for (const entry of clauses) {
    const tree = { entry, children: [] }
    // An unnumbered paragraph (a chapeau) holds the sub-paragraphs after it,
    // never the numbered paragraphs: those stand beside it.
    while (open.length && !holds(open[open.length - 1].entry.attrs.level, entry.attrs.level)) open.pop()
    if (open.length) open[open.length - 1].children.push(tree)
    else roots.push(tree)
    open.push(tree)
  }
  return roots
}

/** Whether a clause of level `outer` holds a following clause of level `inner`. */
const holds = (outer: number, inner: number) => outer < inner && !(outer === 0 && inner === 1)

/** The preamble's paragraphs, each a `container` with its eId. */
function renderPreamble(clauses: ClauseEntry[], ids: EidAllocator, text: ClauseText): string {
  const items = clauses.map((entry) => {
    const eId = entry.attrs.id
      ? ids.claim(`preamble__para_${ids.safe(entry.attrs.id)}`)
      : ids.claim(`preamble__para_${entry.number.number}`)
    return `<container name="preambularParagraph" eId="${escapeXml(eId)}"><p>${text(entry)}</p></container>`
  })
  return `<preamble>${items.join('')}</preamble>`
}

/** The FRBR names of a text: the work (one per negotiation, or per document
 *  symbol or title), the expression (its language and the reading's date and
 *  name), the manifestation (this XML). */
interface Identity {
  work: string
  expression: string
  language: string
  date: string
}

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 60) || 'text'

function identity(doc: Node, date: string, options: AknOptions): Identity {
  const meta = doc.attrs.meta as Record<string, string>
  const work = `/akn/un/doc/rollingText/${slug(options.work ?? meta.symbol ?? meta.title ?? 'text')}`
  const language = textLanguage(doc)
  const expression = `${work}/${language}@${date}${meta.reading ? `~${slug(meta.reading)}` : ''}`
  return { work, expression, language, date }
}

function renderClause({ entry, children }: ClauseTree, numeral: string, ids: EidAllocator, clause: ClauseText): string {
  const element = entry.attrs.level >= 2 ? 'point' : 'paragraph'
  const prefix = element === 'point' ? 'point' : 'para'
  const eId = entry.attrs.id ? ids.claim(`${prefix}_${ids.safe(entry.attrs.id)}`) : ids.fromKey(entry, numeral)
  const attrs = `eId="${escapeXml(eId)}"${entry.attrs.status === 'adref' ? ' class="adref"' : ''}`
  const num = entry.number.display ? `<num>${escapeXml(entry.number.display)}</num>` : ''
  const text = `<p>${clause(entry)}</p>`
  const body = children.length
    ? `<intro>${text}</intro>${children.map((c) => renderClause(c, numeral, ids, clause)).join('')}`
    : `<content>${text}</content>`
  return `<${element} ${attrs}>${num}${body}</${element}>`
}

/** Renders one clause's text, in document order. */
type ClauseText = (entry: ClauseEntry) => string

/** A clause's text with the brackets spanning paragraphs that open before it
 *  and close after it. Spans cross the paragraph and point structure, so they
 *  cannot be elements around it: each is a pair of `<inline>` brackets, the
 *  `[` named `spanOpen` with eId `span_N__open` at the start of its first
 *  clause's text, the `]` named `spanClose` with eId `span_N__close` at the
 *  end of its last one's. */
function clauseText(ids: EidAllocator): ClauseText {
  let next = 1
  const open: number[] = []
  return (entry) => {
    let out = ''
    for (let k = 0; k < entry.attrs.spanOpen; k++) {
      open.push(next)
      out += `<inline name="spanOpen" eId="${ids.claim(`span_${next++}__open`)}">[</inline>`
    }
    out += renderInline(entry.node.content)
    for (let k = 0; k < entry.attrs.spanClose; k++)
      out += `<inline name="spanClose" eId="${ids.claim(`span_${open.pop() ?? next++}__close`)}">]</inline>`
    return out
  }
}

function renderInline(content: Fragment): string {
  let out = ''
  content.forEach((node) => {
    if (node.isText) out += escapeXml(node.text ?? '')
    else {
      out += '<inline name="bracketGroup">'
      node.forEach((option) => {
        const by = option.attrs.proposedBy as string | null
        out += `<inline name="option"${by ? ` refersTo="#${stateEid(by)}"` : ''}>[${renderInline(option.content)}]</inline>`
      })
      out += '</inline>'
    }
  })
  return out
}

/** The eId of a state's TLC reference: `state_côte-d’ivoire`. */
const stateEid = (state: string) => `state_${escapeXml(state.toLowerCase().replace(/\s+/g, '-'))}`

function renderMeta(id: Identity, states: string[]): string {
  const frbr = (level: string, self: string, uri: string, extra: string) =>
    [
      `<${level}><FRBRthis value="${escapeXml(self)}"/><FRBRuri value="${escapeXml(uri)}"/>`,
      `<FRBRdate date="${id.date}" name="reading"/><FRBRauthor href="#rollingText"/>${extra}</${level}>`,
    ].join('')
  const references = states.map(
    (s) =>
      `<TLCOrganization eId="${stateEid(s)}" href="/ontology/organization/${escapeXml(encodeURIComponent(s))}" showAs="${escapeXml(s)}"/>`,
  )
  return [
    '<meta>',
    '<identification source="#rollingText">',
    frbr('FRBRWork', `${id.work}/!main`, id.work, '<FRBRcountry value="un"/>'),
    frbr('FRBRExpression', `${id.expression}/!main`, id.expression, `<FRBRlanguage language="${id.language}"/>`),
    frbr('FRBRManifestation', `${id.expression}/!main.xml`, `${id.expression}.xml`, ''),
    '</identification>',
    '<references source="#rollingText">',
    '<TLCOrganization eId="rollingText" href="/ontology/organization/rollingText" showAs="rolling-text"/>',
    ...references,
    '</references>',
    '</meta>',
  ].join('\n')
}

/** Hands out unique eIds. A clause id used twice (which the editor never
 *  produces) gets a suffix rather than a duplicate eId. */
class EidAllocator {
  private used = new Set<string>()
  readonly keyDerived: string[] = []

  /** eIds cannot hold white space (AKN type noWhiteSpace). */
  safe(part: string): string {
    return part.replace(/\s+/g, '')
  }

  claim(wanted: string): string {
    let eId = wanted
    for (let n = 2; this.used.has(eId); n++) eId = `${wanted}_${n}`
    this.used.add(eId)
    return eId
  }

  /** `I.4(c)(ii)` → `sec_I__para_4__point_c__point_ii`, after the AKN naming
   *  convention; unnumbered paragraphs are `para_u1`, `para_u2`. */
  fromKey(entry: ClauseEntry, numeral: string): string {
    this.keyDerived.push(entry.key)
    // A sub-paragraph under a chapeau has no paragraph number: `(a)` alone.
    const cut = entry.number.number.indexOf('(')
    const [paragraph, subs] =
      cut < 0 ? [entry.number.number, ''] : [entry.number.number.slice(0, cut), entry.number.number.slice(cut)]
    const points = subs
      .split(/[()]+/)
      .filter(Boolean)
      .map((p) => `point_${p}`)
    const parts = [`sec_${numeral}`, ...(paragraph ? [`para_${paragraph}`] : []), ...points]
    return this.claim(parts.map((p) => this.safe(p)).join('__'))
  }
}
