/** What our DOCX export writes beyond what a reader sees, so that our import
 *  reads an exported text back exactly. Word keeps all of it when a user
 *  edits and saves the file. */

/** Paragraph style ids: one per clause level, and the annex heading (our
 *  import stops there: the annex is not part of the text). Section headings
 *  use Word's own Heading 1, so the navigation pane and tables of contents
 *  work. */
export const paragraphStyle = {
  chapeau: 'RtChapeau',
  paragraph: 'RtParagraph',
  subparagraph: 'RtSubparagraph',
  subsubparagraph: 'RtSubsubparagraph',
  annex: 'RtAnnex',
  /** The header block (symbol, distribution, date, original) and the line
   *  naming the reading: front matter, not text. */
  header: 'RtHeader',
  stage: 'RtStage',
} as const

/** The names of our styles. LibreOffice renames style ids when it saves a
 *  file but keeps the names, so import recognises a style by either. */
export const styleNames: Record<string, string> = {
  RtChapeau: 'rt unnumbered paragraph',
  RtParagraph: 'rt paragraph',
  RtSubparagraph: 'rt sub-paragraph',
  RtSubsubparagraph: 'rt sub-sub-paragraph',
  RtAnnex: 'rt annex heading',
  RtHeader: 'rt header block',
  RtStage: 'rt reading',
  RtLiteral: 'rt literal bracket',
  RtProposedBy: 'rt proposed by',
  RtAdRef: 'rt ad ref',
  RtSpanBracket: 'rt paragraph bracket',
}

/** Our style id for a style id and name as a file has them (ours, or as
 *  another editor renamed it), or null for any other style. */
export function ourStyle(id: string | null, name: string | null | undefined): string | null {
  if (id && styleNames[id]) return id
  const lower = name?.toLowerCase()
  return lower ? (Object.keys(styleNames).find((k) => styleNames[k] === lower) ?? null) : null
}

/** The paragraph style of each clause level (0 to 3). */
export const clauseStyles = [
  paragraphStyle.chapeau,
  paragraphStyle.paragraph,
  paragraphStyle.subparagraph,
  paragraphStyle.subsubparagraph,
] as const

/** Character style ids. `literal`: a square bracket that is text, not
 *  negotiation brackets. `proposedBy`: the state named after an option.
 *  `adref`: the "agreed ad ref." note after a clause. `span`: a bracket
 *  spanning paragraphs (`[` opening before a clause, `]` closing after one),
 *  so that a span over one paragraph is not read as brackets around its text. */
export const characterStyle = {
  literal: 'RtLiteral',
  proposedBy: 'RtProposedBy',
  adref: 'RtAdRef',
  span: 'RtSpanBracket',
} as const

/** Custom document properties hold the metadata: `rolling-text:title`. */
export const metaPropertyPrefix = 'rolling-text:'

/** Clause ids travel as hidden bookmarks (a leading `_` keeps them out of
 *  Word's bookmark list): `_rt` and the id, with every character other than a
 *  letter or digit written `_xx` (or `_uxxxx`), since bookmark names allow
 *  only letters, digits and `_`. Word shortens names beyond 40 characters
 *  when it saves, so ids up to about 30 characters survive a round through
 *  Word; our own import reads any length. */
export function clauseBookmarkName(id: string): string {
  return `_rt${id.replace(/[^A-Za-z0-9]/g, (c) => {
    const code = c.charCodeAt(0)
    return code < 0x100 ? `_${code.toString(16).padStart(2, '0')}` : `_u${code.toString(16).padStart(4, '0')}`
  })}`
}

/** The clause id in a bookmark name we wrote, or null for any other bookmark. */
export function clauseIdFromBookmark(name: string): string | null {
  if (!/^_rt(?:[A-Za-z0-9]|_[0-9a-f]{2}|_u[0-9a-f]{4})+$/.test(name)) return null
  return name
    .slice(3)
    .replace(/_(?:u([0-9a-f]{4})|([0-9a-f]{2}))/g, (_, wide?: string, narrow?: string) =>
      String.fromCharCode(parseInt(wide ?? narrow ?? '', 16)),
    )
}
