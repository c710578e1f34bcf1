// @vitest-environment happy-dom
import { present } from '../../../shared/present'
import { describe, expect, it } from 'vitest'
import { doc, section, p, g } from '../../builders'
import { SectionNavigator, summarizeSections } from '../../../client/views/navigator'

const d = doc(
  section('I', 'Definitions', p('a ', g('x', 'y'), { id: '1' }), p('b', { id: '2', status: 'adref' })),
  section('II', 'Law', p(g(['on ', g('30th', '90th'), ' day']), { id: '3' })),
)

describe('the section navigator', () => {
  it('counts bracket pairs and agreed clauses per section', () => {
    expect(summarizeSections(d).map((s) => [s.numeral, s.brackets.pairs, s.agreed, s.clauses])).toEqual([
      ['I', 2, 1, 2],
      ['II', 3, 0, 1],
    ])
  })

  it("jumps to a section's title", () => {
    const jumps: number[] = []
    const nav = new SectionNavigator((pos) => jumps.push(pos))
    nav.update(d)
    nav.element.querySelectorAll<HTMLButtonElement>('button')[1].click()
    expect(d.resolve(jumps[0]).parent.textContent).toBe('Law')
    expect(present(nav.element.querySelector('.rt-nav-total')).textContent).toContain('[5]')
  })

  it('marks the section holding the cursor', () => {
    const nav = new SectionNavigator(() => {})
    nav.update(d)
    nav.highlight('II')
    expect(present(nav.element.querySelector('[aria-current]')).getAttribute('data-numeral')).toBe('II')
  })
})
