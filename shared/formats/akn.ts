import type { Fragment, Node } from 'prosemirror-model'
import { listSections, type ClauseEntry } from '../schema/outline'
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

/** Renders a document as an Akoma Ntoso `doc`: sections with `num` and
 *  `heading`; numbered and unnumbered paragraphs as `paragraph`, lettered and
 *  roman sub-paragraphs as `point` nested under the clause they belong to.
 *  eIds come from stable clause ids (`para_<id>`, `point_<id>`), not from
 *  positions as the AKN naming convention would have it, so that the same
 *  clause keeps its eId across readings. A bracket group is an
 *  `<inline name="bracketGroup">` holding one `<inline name="option">` per
 *  alternative, brackets included in the text. `today` (YYYY-MM-DD) dates the
 *  work when the document's meta has no date. */
export function renderAkomaNtoso(doc: Node, today: string): AknResult {
  const meta = doc.attrs.meta as Record<string, string>
  const states = new Set<string>()
  doc.descendants((node) => {
    if (node.attrs.proposedBy) states.add(node.attrs.proposedBy as string)
  })
  const ids = new EidAllocator()
  const body = listSections(doc)
    .map((section) => {
      const eId = ids.claim(`sec_${ids.safe(section.numeral)}`)
      const clauses = nestClauses(section.clauses)
      const children = clauses.length
        ? clauses.map((c) => renderClause(c, section.numeral, ids)).join('')
        : '<content><p/></content>'
      return `<section eId="${escapeXml(eId)}"><num>${escapeXml(section.numeral)}.</num><heading>${escapeXml(section.title)}</heading>${children}</section>`
    })
    .join('\n')
  const date = /^\d{4}-\d{2}-\d{2}$/.test(meta.date ?? '') ? meta.date : today
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<akomaNtoso xmlns="${aknNamespace}">`,
    '<doc name="rollingText">',
    renderMeta(date, [...states]),
    `<preface><p><docTitle>${escapeXml(meta.title ?? '')}</docTitle></p>${meta.reading ? `<p><docStage>${escapeXml(meta.reading)}</docStage></p>` : ''}</preface>`,
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
    while (open.length && open[open.length - 1].entry.attrs.level >= entry.attrs.level) open.pop()
    if (open.length) open[open.length - 1].children.push(tree)
    else roots.push(tree)
    open.push(tree)
  }
  return roots
}

function renderClause({ entry, children }: ClauseTree, numeral: string, ids: EidAllocator): string {
  const element = entry.attrs.level >= 2 ? 'point' : 'paragraph'
  const prefix = element === 'point' ? 'point' : 'para'
  const eId = entry.attrs.id ? ids.claim(`${prefix}_${ids.safe(entry.attrs.id)}`) : ids.fromKey(entry, numeral)
  const attrs = `eId="${escapeXml(eId)}"${entry.attrs.status === 'adref' ? ' class="adref"' : ''}`
  const num = entry.number.display ? `<num>${escapeXml(entry.number.display)}</num>` : ''
  const text = `<p>${renderInline(entry.node.content)}</p>`
  const body = children.length
    ? `<intro>${text}</intro>${children.map((c) => renderClause(c, numeral, ids)).join('')}`
    : `<content>${text}</content>`
  return `<${element} ${attrs}>${num}${body}</${element}>`
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

function renderMeta(date: string, states: string[]): string {
  const frbr = (level: string, suffix: string, extra: string) =>
    [
      `<${level}><FRBRthis value="/akn/un/doc/rollingText/${suffix}"/><FRBRuri value="/akn/un/doc/rollingText"/>`,
      `<FRBRdate date="${date}" name="reading"/><FRBRauthor href="#rollingText"/>${extra}</${level}>`,
    ].join('')
  const references = states.map(
    (s) =>
      `<TLCOrganization eId="${stateEid(s)}" href="/ontology/organization/${escapeXml(encodeURIComponent(s))}" showAs="${escapeXml(s)}"/>`,
  )
  return [
    '<meta>',
    '<identification source="#rollingText">',
    frbr('FRBRWork', '!main', '<FRBRcountry value="un"/>'),
    frbr('FRBRExpression', 'eng@/!main', '<FRBRlanguage language="eng"/>'),
    frbr('FRBRManifestation', 'eng@/!main.xml', ''),
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
