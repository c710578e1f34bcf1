/** How a section's heading reads in a document. Import gives the paragraphs
 *  before section I the numeral `Preamble` (no heading is printed for them)
 *  and an annex the numeral `Annex` or `Annex-II` (printed `Annex II`, its
 *  title on a line of its own); any other section reads `IV. Title`. */
export type SectionHeadingText =
  | { kind: 'none' }
  | { kind: 'annex'; label: string; title: string }
  | { kind: 'numbered'; label: string; title: string }

/** The numeral import gives the paragraphs before section I. */
export const preambleNumeral = 'Preamble'

/** The heading of the section `numeral` titled `title`, as printed. */
export function sectionHeadingText(numeral: string, title: string): SectionHeadingText {
  if (numeral === preambleNumeral) return { kind: 'none' }
  const annex = /^Annex(?:-(.+))?$/.exec(numeral)
  if (annex) return { kind: 'annex', label: annex[1] ? `Annex ${annex[1]}` : 'Annex', title }
  return { kind: 'numbered', label: `${numeral}.`, title }
}

/** Whether a text is mostly written right to left (Arabic, Hebrew, …). */
export function isRightToLeft(text: string): boolean {
  const rtl = text.match(/[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}]/gu)?.length ?? 0
  const letters = text.match(/\p{L}/gu)?.length ?? 0
  return letters > 0 && rtl / letters > 0.5
}
