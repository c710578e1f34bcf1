import { present } from '../../shared/present'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DOMParser } from '@xmldom/xmldom'
import { aknNamespace, renderAkomaNtoso } from '../../shared/formats/akn'
import { listSections } from '../../shared/schema/outline'
import { arbitraryDocument } from '../builders/arbitrary'
import { doc, g, opt, p, section, sub, chapeau } from '../builders'
import { fixture } from '../builders/notation'

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
        expect(new Set(eIds(xml)).size).toBe(elements.length)
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
