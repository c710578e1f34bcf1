import { describe, expect, it } from 'vitest'
import { renderHtml } from '../../shared/formats/html'
import { doc, g, opt, p, section, sub, chapeau } from '../builders'
import { fixture } from '../builders/notation'

describe('printable HTML', () => {
  const text = doc(
    section(
      'II',
      'Law & <order>',
      chapeau('States shall:'),
      p('Use ', g(opt('lethal', { by: 'Austria' }), 'deadly'), ' force <only> "if needed".', {
        id: 'c-1',
        status: 'adref',
      }),
      sub('first;'),
    ),
  )

  it('prints sections, hanging numbers, brackets with who proposed them, and the ad ref status', () => {
    const html = renderHtml(text)
    expect(html).toContain('<h2>II. Law &amp; &lt;order&gt;</h2>')
    expect(html).toContain('<p class="clause level-0" dir="auto">States shall:</p>')
    expect(html).toContain(
      '<p class="clause level-1" id="clause-c-1" dir="auto"><span class="num">1.</span>Use <span class="group">' +
        '<span class="option">[lethal]<sup class="by">Austria</sup></span><span class="option">[deadly]</span></span>' +
        ' force &lt;only&gt; &quot;if needed&quot;. <span class="adref">(agreed ad ref.)</span></p>',
    )
    expect(html).toContain('<p class="clause level-2" dir="auto"><span class="num">(a)</span>first;</p>')
  })

  it('is a whole page with print rules and no scripts', () => {
    const html = renderHtml(fixture('sample-reading-1.txt'))
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Sample rolling text/)
    expect(html).toContain('@page { size: A4;')
    expect(html).toContain('<p class="stage">First reading, 2025-03-03</p>')
    expect(html).not.toMatch(/<script/i)
    expect(html.match(/<p class="clause/g)).toHaveLength(24)
  })

  it('adds the positions annex on a page of its own, in clause order', () => {
    const html = renderHtml(text, {
      positions: [
        { clauseId: 'II.2', state: 'Brazil', stance: 'oppose', target: null, comment: '' },
        { clauseId: 'c-1', state: 'Chile', stance: 'support', target: 'lethal', comment: 'Keep <it>' },
        { clauseId: 'c-1', state: 'Austria', stance: 'proposal', target: null, comment: '' },
      ],
    })
    expect(html).toContain('<section class="annex">')
    const rows = [...html.matchAll(/<tr><td>(.*?)<\/td><td>(.*?)<\/td>/g)].map((m) => `${m[1]} ${m[2]}`)
    expect(rows).toEqual(['II.1 Austria', 'II.1 Chile', 'II.2 Brazil'])
    expect(html).toContain('<td>Keep &lt;it&gt;</td>')
  })
})
