import type { Fragment, Node } from 'prosemirror-model'
import { annexRows, type AnnexPosition } from './annex'
import { spanDepths } from '../brackets/spans'
import { listSections, type ClauseEntry } from '../schema/outline'
import { sectionHeadingText } from './sections'
import { escapeXml } from './xml'

/** Options for the printable HTML. */
export interface HtmlOptions {
  /** State positions to list in an annex table after the text. */
  positions?: readonly AnnexPosition[]
}

/** Print rules: A4 pages, numbers hanging in the margin as in UN documents,
 *  headings kept with the text that follows them. */
const css = `
@page { size: A4; margin: 2.5cm 2cm; }
body { font: 12pt/1.4 "Times New Roman", Times, serif; max-width: 42em; margin: 2em auto; color: #000; }
h1 { font-size: 14pt; text-align: center; margin: 0 0 .3em; }
.stage { text-align: center; margin: 0 0 2em; }
h2 { font-size: 12pt; margin: 1.6em 0 .8em; break-after: avoid; page-break-after: avoid; }
p.clause { margin: 0 0 .6em; text-align: justify; orphans: 2; widows: 2; }
p.level-1 { padding-left: 2.5em; text-indent: -2.5em; }
p.level-2 { padding-left: 5em; text-indent: -2.5em; }
p.level-3 { padding-left: 7.5em; text-indent: -2.5em; }
.num { display: inline-block; width: 2.5em; text-indent: 0; }
.by { font-size: 70%; color: #555; }
.adref { font-style: italic; color: #555; }
p.in-span { border-left: 2px solid #888; margin-left: -.6em; padding-left: calc(var(--hang, 0em) + .6em); }
p.level-0.in-span { --hang: 0em; } p.level-1.in-span { --hang: 2.5em; }
p.level-2.in-span { --hang: 5em; } p.level-3.in-span { --hang: 7.5em; }
table { border-collapse: collapse; width: 100%; font-size: 10pt; }
th, td { border: 1px solid #888; padding: .2em .4em; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
.annex { break-before: page; page-break-before: always; }
`

/** Renders a document as one self-contained HTML page that prints cleanly to
 *  PDF (A4, hanging numbers, brackets and attributions as in the notation, an
 *  optional annex of state positions). Clause ids become element ids
 *  (`clause-<id>`) so that links into the text survive new readings. */
export function renderHtml(doc: Node, options: HtmlOptions = {}): string {
  const meta = doc.attrs.meta as Record<string, string>
  const stage = [meta.reading, meta.date].filter(Boolean).join(', ')
  const sections = listSections(doc).map((s) => {
    const depths = spanDepths(s.clauses.map((c) => c.attrs))
    return [
      `<section id="section-${escapeXml(s.numeral)}">`,
      renderHeading(s.numeral, s.title),
      ...s.clauses.map((c, i) => renderClause(c, depths[i])),
      '</section>',
    ]
      .filter((line) => line !== '')
      .join('\n')
  })
  return [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeXml(meta.title ?? 'Rolling text')}</title><style>${css}</style></head>`,
    '<body>',
    meta.title ? `<h1>${escapeXml(meta.title)}</h1>` : '',
    stage ? `<p class="stage">${escapeXml(stage)}</p>` : '',
    ...sections,
    options.positions ? renderAnnex(doc, options.positions) : '',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n')
}

/** A section heading: none for the preamble, `Annex II` over its title, `IV. Title`. */
function renderHeading(numeral: string, title: string): string {
  const heading = sectionHeadingText(numeral, title)
  if (heading.kind === 'none') return ''
  if (heading.kind === 'annex') return `<h2>${escapeXml(heading.label)}${title ? `<br>${escapeXml(title)}` : ''}</h2>`
  return `<h2>${escapeXml(heading.label)}${title ? ` ${escapeXml(title)}` : ''}</h2>`
}

function renderClause(entry: ClauseEntry, spanDepth: number): string {
  const id = entry.attrs.id ? ` id="clause-${escapeXml(entry.attrs.id)}"` : ''
  const num = entry.number.display ? `<span class="num">${escapeXml(entry.number.display)}</span>` : ''
  const adref = entry.attrs.status === 'adref' ? ' <span class="adref">(agreed ad ref.)</span>' : ''
  // Arabic and other right-to-left texts read right to left.
  // Brackets spanning paragraphs: `[` before the first one's text, `]` after
  // the last one's, and every clause they hold marked `in-span`.
  const opens = entry.attrs.spanOpen ? `<span class="span-open">${'['.repeat(entry.attrs.spanOpen)}</span>` : ''
  const closes = entry.attrs.spanClose ? `<span class="span-close">${']'.repeat(entry.attrs.spanClose)}</span>` : ''
  const inSpan = spanDepth ? ' in-span' : ''
  return `<p class="clause level-${entry.attrs.level}${inSpan}"${id} dir="auto">${num}${opens}${renderInline(entry.node.content)}${closes}${adref}</p>`
}

function renderInline(content: Fragment): string {
  let out = ''
  content.forEach((node) => {
    if (node.isText) out += escapeXml(node.text ?? '')
    else {
      out += '<span class="group">'
      node.forEach((option) => {
        const by = option.attrs.proposedBy as string | null
        out += `<span class="option">[${renderInline(option.content)}]${by ? `<sup class="by">${escapeXml(by)}</sup>` : ''}</span>`
      })
      out += '</span>'
    }
  })
  return out
}

function renderAnnex(doc: Node, positions: readonly AnnexPosition[]): string {
  const rows = annexRows(doc, positions).map(
    (r) =>
      `<tr>${[r.clause, r.state, r.stance, r.target, r.comment].map((cell) => `<td>${escapeXml(cell)}</td>`).join('')}</tr>`,
  )
  return [
    '<section class="annex">',
    '<h2>Annex: State positions</h2>',
    '<table><thead><tr><th>Clause</th><th>State</th><th>Stance</th><th>On</th><th>Comment</th></tr></thead>',
    `<tbody>${rows.join('\n')}</tbody></table>`,
    '</section>',
  ].join('\n')
}
