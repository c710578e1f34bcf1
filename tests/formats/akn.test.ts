import { present } from '../../shared/present'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DOMParser } from '@xmldom/xmldom'
import { aknNamespace, renderAkomaNtoso } from '../../shared/formats/akn'
import { listSections } from '../../shared/schema/outline'
import { arbitraryDocument } from '../builders/arbitrary'
import { doc, g, opt, p, section, sub, chapeau } from '../builders'
import { fixture, parseText } from '../builders/notation'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Parses XML strictly: any well-formedness error fails the test. */
function parseStrict(xml: string) {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(message)
    },
  }).parseFromString(xml, 'text/xml')
}

/** The eIds of the body (sections and clauses), in document order. */
const eIds = (xml: string) => {
  const body = parseStrict(xml).getElementsByTagNameNS(aknNamespace, 'mainBody')[0]
  return Array.from(body.getElementsByTagNameNS(aknNamespace, '*'))
    .map((el) => el.getAttribute('eId'))
    .filter((id): id is string => Boolean(id))
}

const clauseEids = (xml: string) => {
  const out = new Map<string, string>()
  const root = parseStrict(xml)
  for (const name of ['paragraph', 'point']) {
    for (const el of Array.from(root.getElementsByTagNameNS(aknNamespace, name))) {
      const p = el.getElementsByTagNameNS(aknNamespace, 'p')[0]
      out.set(present(p.textContent), present(el.getAttribute('eId')))
    }
  }
  return out
}

describe('Akoma Ntoso', () => {
  it('is well-formed, with a unique eId on every section and clause (fast-check)', () => {
    fc.assert(
      fc.property(arbitraryDocument, (d) => {
        const { xml } = renderAkomaNtoso(d, '2025-01-01')
        const root = parseStrict(xml)
        const clauses = listSections(d).flatMap((s) => s.clauses)
        const elements = ['section', 'paragraph', 'point'].flatMap((name) =>
          Array.from(root.getElementsByTagNameNS(aknNamespace, name)),
        )
        expect(elements).toHaveLength(d.childCount + clauses.length)
        expect(elements.every((el) => el.getAttribute('eId'))).toBe(true)
        // Spans across paragraphs add an eId for each of their two brackets.
        const spans = clauses.reduce((n, c) => n + c.attrs.spanOpen, 0)
        expect(new Set(eIds(xml)).size).toBe(elements.length + 2 * spans)
        expect(eIds(xml)).toHaveLength(elements.length + 2 * spans)
      }),
      { numRuns: 100 },
    )
  })

  it('keeps a clause\u2019s eId across readings even when it is renumbered or moves section', () => {
    const first = doc(
      section('I', 'Scope', p('Alpha.', { id: 'c-a' }), p('Beta.', { id: 'c-b' }), sub('Gamma.', { id: 'c-g' })),
      section('II', 'Law', p('Delta.', { id: 'c-d' })),
    )
    const second = doc(
      section(
        'I',
        'Scope',
        p('New first.', { id: 'c-n' }),
        p('Alpha.', { id: 'c-a' }),
        p('Beta.', { id: 'c-b' }),
        sub('Gamma.', { id: 'c-g' }),
      ),
      section('II', 'Law'),
      section('III', 'Other', p('Delta.', { id: 'c-d' })),
    )
    const before = clauseEids(renderAkomaNtoso(first, '2025-01-01').xml)
    const after = clauseEids(renderAkomaNtoso(second, '2025-01-01').xml)
    for (const text of ['Alpha.', 'Beta.', 'Gamma.', 'Delta.']) expect(after.get(text)).toBe(before.get(text))
    expect(after.get('Alpha.')).toBe('para_c-a')
    expect(after.get('Gamma.')).toBe('point_c-g')
  })

  it('derives eIds from clause keys when clauses have no id, and says which', () => {
    const { xml, keyDerived } = renderAkomaNtoso(
      doc(
        section(
          'II',
          'Law',
          chapeau('Intro:'),
          sub('first;'),
          p('Para', { label: '4 ter' }),
          sub('x'),
          sub('y', { id: 'c-y' }),
        ),
      ),
      '2025-01-01',
    )
    expect(keyDerived).toEqual(['II.u1', 'II.(a)', 'II.4 ter', 'II.4 ter(a)'])
    expect(eIds(xml)).toEqual([
      'sec_II',
      'sec_II__para_u1',
      'sec_II__point_a',
      'sec_II__para_4ter',
      'sec_II__para_4ter__point_a',
      'point_c-y',
    ])
  })

  it('nests sub-paragraphs, keeps bracket options as alternatives and names who proposed them', () => {
    const { xml } = renderAkomaNtoso(
      doc(
        section(
          'I',
          'Scope',
          p('States ', g(opt('shall', { by: 'Austria' }), 'should'), ' ensure:', { id: 'c-1', status: 'adref' }),
          sub('that <x> & [', g(['on the ', g('30th', '90th'), ' day']), ']', { id: 'c-1a' }),
        ),
      ),
      '2025-01-01',
    )
    const root = parseStrict(xml)
    const paragraph = root.getElementsByTagNameNS(aknNamespace, 'paragraph')[0]
    expect(paragraph.getAttribute('class')).toBe('adref')
    expect(paragraph.getElementsByTagNameNS(aknNamespace, 'intro')[0].textContent).toBe(
      'States [shall][should] ensure:',
    )
    const point = paragraph.getElementsByTagNameNS(aknNamespace, 'point')[0]
    expect(point.getAttribute('eId')).toBe('point_c-1a')
    const options = Array.from(root.getElementsByTagNameNS(aknNamespace, 'inline')).filter(
      (el) => el.getAttribute('name') === 'option',
    )
    expect(options.map((o) => o.textContent)).toEqual([
      '[shall]',
      '[should]',
      '[on the [30th][90th] day]',
      '[30th]',
      '[90th]',
    ])
    expect(options[0].getAttribute('refersTo')).toBe('#state_austria')
    expect(xml).toContain(
      '<TLCOrganization eId="state_austria" href="/ontology/organization/Austria" showAs="Austria"/>',
    )
    expect(point.textContent).toBe('(a)that <x> & [[on the [30th][90th] day]]')
  })

  it('renders the sample readings with the reading date', () => {
    const reading = fixture('sample-reading-2.txt')
    const { xml, keyDerived } = renderAkomaNtoso(reading, '2000-01-01')
    expect(xml).toContain('<FRBRdate date="2025-09-01" name="reading"/>')
    expect(keyDerived).toEqual(listSections(reading).flatMap((s) => s.clauses.map((c) => c.key)))
    expect(new Set(eIds(xml)).size).toBe(eIds(xml).length)
  })
})

describe('Akoma Ntoso that means what it says', () => {
  const text = (lines: string[]) => parseText(lines.join('\n'))

  it('puts the preamble in <preamble>, before the body', () => {
    const { xml } = renderAkomaNtoso(
      text([
        '% title: Draft decision',
        '# Preamble.',
        'The Conference of the Parties,',
        '',
        'Recalling its decision 1/CP.21,',
        '# I. Scope',
        '1. Decides.',
      ]),
      '2026-11-14',
    )
    const root = parseStrict(xml)
    const preamble = root.getElementsByTagNameNS(aknNamespace, 'preamble')[0]
    expect(Array.from(preamble.getElementsByTagNameNS(aknNamespace, 'p')).map((p) => p.textContent)).toEqual([
      'The Conference of the Parties,',
      'Recalling its decision 1/CP.21,',
    ])
    expect(xml.indexOf('<preamble>')).toBeLessThan(xml.indexOf('<mainBody>'))
    expect(xml).not.toContain('<num>Preamble.</num>')
  })

  it('does not nest numbered paragraphs under an unnumbered one; sub-paragraphs stay under their chapeau', () => {
    const { xml } = renderAkomaNtoso(
      text(['# I. Scope', 'States agree that:', '  (a) one;', '1. First.', '2. Second.']),
      '2026-01-01',
    )
    const section = parseStrict(xml).getElementsByTagNameNS(aknNamespace, 'section')[0]
    const top = Array.from(section.childNodes).filter((n) => n.nodeName === 'paragraph')
    expect(top).toHaveLength(3)
    expect(top[0].textContent).toContain('(a)one;')
  })

  it('names the work per negotiation and the expression per reading, with its date and language', () => {
    const reading = (name: string, date: string, body: string) =>
      text([`% title: Same title`, `% reading: ${name}`, `% date: ${date}`, '# I. Scope', body])
    const frbr = (xml: string, level: string) =>
      present(parseStrict(xml).getElementsByTagNameNS(aknNamespace, level)[0])
        .getElementsByTagNameNS(aknNamespace, 'FRBRthis')[0]
        .getAttribute('value')
    const first = renderAkomaNtoso(reading('First reading', '2026-03-01', '1. States shall act.'), 'x', {
      work: 'n-A',
    }).xml
    const second = renderAkomaNtoso(reading('Second reading', '2026-06-01', '1. States shall act.'), 'x', {
      work: 'n-A',
    }).xml
    const other = renderAkomaNtoso(reading('First reading', '2026-03-01', '1. States shall act.'), 'x', {
      work: 'n-B',
    }).xml
    expect(frbr(first, 'FRBRWork')).toBe(frbr(second, 'FRBRWork'))
    expect(frbr(first, 'FRBRWork')).not.toBe(frbr(other, 'FRBRWork'))
    expect(frbr(first, 'FRBRExpression')).toBe('/akn/un/doc/rollingText/n-a/eng@2026-03-01~first-reading/!main')
    expect(frbr(second, 'FRBRExpression')).not.toBe(frbr(first, 'FRBRExpression'))
    const french = renderAkomaNtoso(
      text(['# I. Champ', '1. Les États doivent veiller à la formation et au contrôle des systèmes.']),
      '2026-01-01',
    ).xml
    expect(french).toContain('<FRBRlanguage language="fra"/>')
    const russian = renderAkomaNtoso(
      text(['# I. Сфера', '1. Государства должны обеспечить контроль.']),
      '2026-01-01',
    ).xml
    expect(russian).toContain('<FRBRlanguage language="rus"/>')
    const stated = renderAkomaNtoso(text(['% original: Spanish', '# I. A', '1. Text.']), '2026-01-01').xml
    expect(stated).toContain('<FRBRlanguage language="spa"/>')
  })
})

/** The OASIS Akoma Ntoso 3.0 schema, where one is installed: AKN_SCHEMA, or
 *  the usual places. Neither Debian nor npm packages it, so it is not
 *  installed by .ci/run and the check skips loudly without it. */
const schema = [
  process.env.AKN_SCHEMA,
  '/usr/share/xml/akomantoso/akomantoso30.xsd',
  '/usr/local/share/xml/akomantoso30.xsd',
]
  .filter((path): path is string => Boolean(path))
  .find((path) => existsSync(path))
const xmllint = ['/usr/bin/xmllint', '/usr/local/bin/xmllint'].find((path) => existsSync(path))
if (!schema)
  console.warn(
    '\n*** SKIPPED: the OASIS Akoma Ntoso 3.0 schema is not installed (set AKN_SCHEMA=path/to/akomantoso30.xsd), so exports are only checked for well-formedness with xmllint\n',
  )

describe.skipIf(!xmllint)('Akoma Ntoso exports through xmllint', () => {
  it(`are well-formed${schema ? ' and valid against the OASIS 3.0 schema' : ''}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-akn-'))
    const files = ['sample-reading-1.txt', 'sample-reading-2.txt'].map((name, i) => {
      const file = join(dir, `${i}.xml`)
      writeFileSync(file, renderAkomaNtoso(fixture(name), '2026-01-01').xml)
      return file
    })
    const preamble = join(dir, 'preamble.xml')
    writeFileSync(
      preamble,
      renderAkomaNtoso(parseText('# Preamble.\nRecalling,\n# I. A\nChapeau:\n  (a) one;\n1. One.'), '2026-01-01').xml,
    )
    const args = ['--noout', ...(schema ? ['--schema', schema] : []), ...files, preamble]
    expect(() => execFileSync(present(xmllint), args, { stdio: 'pipe' })).not.toThrow()
  })
})
