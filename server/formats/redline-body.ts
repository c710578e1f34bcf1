import { layoutComparison } from '../../shared/diff/layout'
import type { ClauseChange, ClauseRef, ReadingDiff } from '../../shared/diff/types'
import { sectionHeadingText } from '../../shared/formats/sections'
import { clauseStyles } from './docx-conventions'

/** What a comment on a paragraph says (the "moved from" notes). */
export interface RedlineComment {
  id: number
  text: string
}

/** Signs tracked changes: each needs an id, an author and a date. */
export class Revisions {
  private next = 1
  readonly date: string
  constructor(
    readonly author: string,
    date: string,
  ) {
    // Word rejects fractional seconds in w:date.
    this.date = date.replace(/\.\d+(?=Z|[+-]\d\d:\d\d$)/, '')
  }
  /** The attributes of the next revision: `w:id="7" w:author="…" w:date="…"`. */
  attrs(): string {
    return `w:id="${this.next++}" w:author="${xml(this.author)}" w:date="${this.date}"`
  }
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A section heading as the texts print it (`IV.` ⇥ title, `Annex` title), or
 *  null for the preamble, which has none. */
function headingLine(numeral: string, title: string): string | null {
  const heading = sectionHeadingText(numeral, title)
  if (heading.kind === 'none') return null
  return heading.kind === 'annex' ? [heading.label, title].filter(Boolean).join(' ') : `${heading.label}\t${title}`
}

/** Clause text in the notation, as a reader sees it: escapes undone. */
export const readable = (text: string) => text.replace(/\\(.)/g, '$1')

/** A run of text, or of deleted text (`w:delText`); `\t` becomes a tab. */
function run(text: string, deleted = false): string {
  const tag = deleted ? 'w:delText' : 'w:t'
  return text
    .split('\t')
    .map(
      (part, i) =>
        `${i ? '<w:r><w:tab/></w:r>' : ''}${part ? `<w:r><${tag} xml:space="preserve">${xml(part)}</${tag}></w:r>` : ''}`,
    )
    .join('')
}

/** How a clause's number is printed: `4.`, `(c)`, `(ii)`, nothing for an
 *  unnumbered paragraph. */
export function display(ref: ClauseRef): string {
  if (ref.level === 0) return ''
  const own = /\(([^()]*)\)$/.exec(ref.number)?.[1] ?? ref.number
  return ref.level === 1 ? `${own}.` : `(${own})`
}

/** A clause as its reading shows it: number, tab, text. */
const shown = (ref: ClauseRef) => (display(ref) ? `${display(ref)}\t` : '') + readable(ref.text)

const styleOf = (ref: ClauseRef) => clauseStyles[ref.level] ?? clauseStyles[1]

/** Writes the body of a redline as WordprocessingML, so that Word's (and
 *  LibreOffice's) Accept All gives exactly the new reading and Reject All the
 *  old: insertions and deletions as `w:ins`/`w:del`, the paragraph marks of
 *  added and deleted clauses tracked too (no empty paragraph is left behind),
 *  moved clauses as Word move tracking (`w:moveFrom` where the clause stood,
 *  `w:moveTo` where it stands now) with a comment saying where it came from. */
export class RedlineBody {
  readonly comments: RedlineComment[] = []
  private moves = 0

  constructor(private revisions: Revisions) {}

  render(diff: ReadingDiff): string {
    const moveNames = new Map<ClauseChange, string>()
    const name = (change: ClauseChange) => {
      let found = moveNames.get(change)
      if (!found) {
        found = `rtMove${++this.moves}`
        moveNames.set(change, found)
      }
      return found
    }
    const sections = diff.summary.sections
    return layoutComparison(diff)
      .map((item) => {
        if (item.kind === 'section') {
          const s = sections.find((x) => x.numeral === item.numeral)
          return this.heading(item, s ? (!s.new ? 'deleted' : !s.old ? 'added' : 'kept') : 'kept')
        }
        if (item.kind === 'moved-from' && item.change.old) return this.moveFrom(item.change.old, name(item.change))
        return this.clause(item.change, name)
      })
      .join('')
  }

  private paragraph(style: string, content: string, mark = ''): string {
    return `<w:p><w:pPr><w:pStyle w:val="${style}"/>${mark ? `<w:rPr>${mark}</w:rPr>` : ''}</w:pPr>${content}</w:p>`
  }

  private heading(
    item: { numeral: string; title: string; was?: { numeral: string; title: string } },
    state: 'added' | 'deleted' | 'kept',
  ): string {
    const text = headingLine(item.numeral, item.title)
    // The preamble has no heading in the texts, so none in the redline either.
    if (text === null) return ''
    if (state === 'added') return this.paragraph('Heading1', this.ins(text), `<w:ins ${this.revisions.attrs()}/>`)
    if (state === 'deleted') return this.paragraph('Heading1', this.del(text), `<w:del ${this.revisions.attrs()}/>`)
    if (item.was) {
      const old = headingLine(item.was.numeral, item.was.title) ?? ''
      return this.paragraph('Heading1', this.del(old) + this.ins(text))
    }
    return this.paragraph('Heading1', run(text))
  }

  private ins(text: string): string {
    return text ? `<w:ins ${this.revisions.attrs()}>${run(text)}</w:ins>` : ''
  }

  private del(text: string): string {
    return text ? `<w:del ${this.revisions.attrs()}>${run(text, true)}</w:del>` : ''
  }

  /** Where a moved clause stood: its old text as moved away. */
  private moveFrom(old: ClauseRef, name: string): string {
    const range = this.revisions.attrs()
    const id = /w:id="(\d+)"/.exec(range)?.[1]
    return [
      `<w:moveFromRangeStart ${range} w:name="${name}"/>`,
      this.paragraph(
        styleOf(old),
        `<w:moveFrom ${this.revisions.attrs()}>${run(shown(old), true).replace(/w:delText/g, 'w:t')}</w:moveFrom>`,
        `<w:moveFrom ${this.revisions.attrs()}/>`,
      ),
      `<w:moveFromRangeEnd w:id="${id}"/>`,
    ].join('')
  }

  private clause(change: ClauseChange, moveName: (c: ClauseChange) => string): string {
    const { old, new: now } = change
    if (change.type === 'added' && now)
      return this.paragraph(styleOf(now), this.ins(shown(now)), `<w:ins ${this.revisions.attrs()}/>`)
    if (change.type === 'deleted' && old)
      return this.paragraph(styleOf(old), this.del(shown(old)), `<w:del ${this.revisions.attrs()}/>`)
    if (!now) return ''
    if (change.type === 'moved' && old) return this.moveTo(old, now, moveName(change))
    const oldNumber = old ? display(old) : ''
    const newNumber = display(now)
    let content = oldNumber === newNumber ? run(newNumber) : this.del(oldNumber) + this.ins(newNumber)
    if (oldNumber || newNumber) content += run('\t')
    if (change.edits.length === 0) content += run(readable(now.text))
    for (const edit of change.edits) {
      const text = readable(edit.text)
      content += edit.op === 'insert' ? this.ins(text) : edit.op === 'delete' ? this.del(text) : run(text)
    }
    return this.paragraph(styleOf(now), content)
  }

  /** Where a moved clause stands now: its new text as moved here, with a
   *  comment naming its old place (and saying when its text changed too). */
  private moveTo(old: ClauseRef, now: ClauseRef, name: string): string {
    const comment = this.comments.length
    const edited = readable(old.text) !== readable(now.text)
    this.comments.push({ id: comment, text: `Moved from ${old.key}${edited ? ', and its text changed' : ''}.` })
    const range = this.revisions.attrs()
    const id = /w:id="(\d+)"/.exec(range)?.[1]
    // The comment's anchor moves with the clause: Reject All removes both.
    const content = [
      `<w:moveTo ${this.revisions.attrs()}>`,
      `<w:commentRangeStart w:id="${comment}"/>${run(shown(now))}<w:commentRangeEnd w:id="${comment}"/>`,
      `<w:r><w:commentReference w:id="${comment}"/></w:r></w:moveTo>`,
    ].join('')
    return [
      `<w:moveToRangeStart ${range} w:name="${name}"/>`,
      this.paragraph(styleOf(now), content, `<w:moveTo ${this.revisions.attrs()}/>`),
      `<w:moveToRangeEnd w:id="${id}"/>`,
    ].join('')
  }
}
