import { DOMParser } from '@xmldom/xmldom'
import { describe, expect, it } from 'vitest'
import { exportDocx } from '../../server/formats/docx-export'
import { aknNamespace, renderAkomaNtoso } from '../../shared/formats/akn'
import { renderHtml } from '../../shared/formats/html'
import { importPlainText } from '../../shared/formats/plain-text'
import { serializeNotation } from '../../shared/notation/serialize'
import { parseText } from '../builders/notation'
import { docxPart, importOk } from './helpers'

// Issue 11, point 5: brackets spanning paragraphs in every format.

const text = [
  '% title: Draft decision -/CP.32',
  '',
  '# Preamble.',
  '[',
  'Recalling decision 1/CP.21,',
  '',
  'Also recalling decision 2/CP.22,]',
  '',
  '# I. Scope',
  '1. Decides that the work shall continue;',
  '[2. Requests the secretariat to:',
  '  (a) prepare a report;',
  '  (b) organize [two][three] workshops;]',
  '[[3. Invites Parties to submit views;',
  '4. Encourages submissions.] {#c4}',
  '5. Notes the report.]',
  '',
].join('\n')

describe('brackets spanning paragraphs, exported and imported', () => {
  it('Word: the span brackets are typed characters in a span style, and import reads the text back exactly', async () => {
    const bytes = await exportDocx(parseText(text))
    const xml = await docxPart(bytes)
    // One run for each clause's opening brackets and one for its closing ones.
    expect(xml.match(/<w:rStyle w:val="RtSpanBracket"\/>/g)).toHaveLength(7)
    const styles = await docxPart(bytes, 'word/styles.xml')
    expect(styles).toContain('RT Paragraph bracket')
    expect(serializeNotation((await importOk(bytes)).doc)).toBe(text)
  })

  it('Akoma Ntoso: a [ and ] inline pair per span, named and matched by eId, inside the clauses', () => {
    const xml = renderAkomaNtoso(parseText(text), '2026-12-02').xml
    const root = new DOMParser().parseFromString(xml, 'text/xml')
    const inlines = Array.from(root.getElementsByTagNameNS(aknNamespace, 'inline'))
      .filter((el) => (el.getAttribute('name') ?? '').startsWith('span'))
      .map((el) => `${el.getAttribute('eId')}=${el.textContent}`)
    expect(inlines).toEqual([
      'span_1__open=[',
      'span_1__close=]',
      'span_2__open=[',
      'span_2__close=]',
      'span_3__open=[',
      'span_4__open=[',
      'span_4__close=]',
      'span_3__close=]',
    ])
    const preamble = root.getElementsByTagNameNS(aknNamespace, 'preamble')[0]
    expect(preamble?.textContent).toBe('[Recalling decision 1/CP.21,Also recalling decision 2/CP.22,]')
  })

  it('HTML: the brackets stand before the first text and after the last, and the clauses held are marked', () => {
    const html = renderHtml(parseText(text))
    expect(html).toContain('<span class="num">2.</span><span class="span-open">[</span>Requests')
    expect(html).toContain('workshops;<span class="span-close">]</span>')
    expect(html).toContain('<span class="span-open">[[</span>Invites')
    expect(html.match(/class="clause level-\d in-span"/g)).toHaveLength(8)
    expect(html).toMatch(/<p class="clause level-1" [^>]*><span class="num">1\.<\/span>Decides/)
  })

  it('a plain text pairs its brackets across paragraphs, and keeps a stray one as text with a warning', () => {
    const read = importPlainText(
      [
        'I. Scope',
        '1. First.',
        '2. [Second, bracketed with the third;',
        '3. Third.]',
        '4. [A bracket no paragraph closes.',
        '',
        'II. More',
        '1. One more.]',
      ].join('\n'),
    )
    if (!read.ok) throw new Error(read.error.message)
    expect(serializeNotation(read.doc)).toBe(
      [
        '# I. Scope',
        '1. First.',
        '[2. Second, bracketed with the third;',
        '3. Third.]',
        '4. \\[A bracket no paragraph closes.',
        '',
        '# II. More',
        '1. One more.\\]',
        '',
      ].join('\n'),
    )
    expect(read.warnings).toEqual([
      {
        location: 'line 5',
        message:
          'a bracket opened here is not closed by another paragraph of its section: kept as a plain-text bracket',
      },
      {
        location: 'line 8',
        message:
          'a bracket closed here is not opened by another paragraph of its section: kept as a plain-text bracket',
      },
    ])
  })
})
