import { AlignmentType, Footer, PageNumber, Paragraph, Tab, TabStopType, TextRun } from 'docx'
import { characterStyle, paragraphStyle } from './docx-conventions'

/** The width of the text on an A4 page with Word's default 2.54 cm margins, in twips. */
export const textWidth = 11906 - 2 * 1440

/** How far each level's number hangs in the margin, in twips (1 cm ≈ 567). */
export const hang = 567

/** A number and the tab that lines the text up after it: `4.` ⇥ text. A tab
 *  inside the text would be written as a character, which Word need not show
 *  as a tab. */
export function numberRun(number: string): TextRun {
  return new TextRun({ children: [number, new Tab()] })
}

/** A centred page number, for every page's footer. */
export function pageNumberFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] }),
    ],
  })
}

const clauseStyle = (id: string, name: string, level: number) => ({
  id,
  name,
  basedOn: 'Normal',
  next: id,
  quickFormat: true,
  paragraph: {
    indent: { left: hang * level, hanging: level > 0 ? hang : 0 },
    tabStops: level > 0 ? [{ type: TabStopType.LEFT, position: hang * level }] : [],
    spacing: { after: 120 },
    alignment: AlignmentType.JUSTIFIED,
  },
})

/** The styles of our Word files: Times 12 pt, UN-like headings, one paragraph
 *  style per clause level with the number hanging in the margin. */
export const documentStyles = {
  default: {
    document: { run: { font: 'Times New Roman', size: 24 } },
    heading1: {
      run: { font: 'Times New Roman', size: 24, bold: true, color: '000000' },
      paragraph: { spacing: { before: 360, after: 240 }, keepNext: true },
    },
    heading2: {
      run: { font: 'Times New Roman', size: 24, bold: true, color: '000000' },
      paragraph: { spacing: { before: 240, after: 120 }, keepNext: true },
    },
    title: {
      run: { font: 'Times New Roman', size: 28, bold: true },
      paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 240 } },
    },
  },
  paragraphStyles: [
    clauseStyle(paragraphStyle.chapeau, 'RT Unnumbered paragraph', 0),
    clauseStyle(paragraphStyle.paragraph, 'RT Paragraph', 1),
    clauseStyle(paragraphStyle.subparagraph, 'RT Sub-paragraph', 2),
    clauseStyle(paragraphStyle.subsubparagraph, 'RT Sub-sub-paragraph', 3),
    { id: paragraphStyle.annex, name: 'RT Annex heading', basedOn: 'Heading1', next: 'Normal' },
    { id: paragraphStyle.header, name: 'RT Header block', basedOn: 'Normal', next: 'Normal' },
    {
      id: paragraphStyle.stage,
      name: 'RT Reading',
      basedOn: 'Normal',
      next: 'Normal',
      paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 240 } },
    },
  ],
  characterStyles: [
    { id: characterStyle.literal, name: 'RT Literal bracket' },
    { id: characterStyle.span, name: 'RT Paragraph bracket' },
    { id: characterStyle.proposedBy, name: 'RT Proposed by', run: { superScript: true, color: '595959' } },
    { id: characterStyle.adref, name: 'RT Ad ref', run: { italics: true, color: '595959' } },
  ],
}
