import { oldRef, shownRef } from '../../../shared/diff/refs'
import { describe, expect, it } from 'vitest'
import { diffReadings } from '../../../shared/diff/index'
import { layoutComparison, type LayoutItem } from '../../../shared/diff/layout'
import { reading, fixture } from '../../builders/notation'

const describeItem = (item: LayoutItem) =>
  item.kind === 'section'
    ? `# ${item.numeral}`
    : item.kind === 'moved-from'
      ? `< ${oldRef(item.change).key}`
      : `${item.change.type} ${shownRef(item.change).key}`

describe('layoutComparison', () => {
  it('puts a moved clause’s marker where it stood, after the clause before it', () => {
    const items = layoutComparison(diffReadings(fixture('sample-reading-1.txt'), fixture('sample-reading-2.txt'))).map(
      describeItem,
    )
    expect(items.slice(items.indexOf('# V'))).toEqual(['# V', 'moved V.1', 'unchanged V.2', 'unchanged V.3', '< V.3'])
    expect(items.filter((i) => i.startsWith('#'))).toEqual(['# I', '# II', '# III', '# IV', '# V'])
  })

  it('keeps the marker of a clause that opened its section inside that section', () => {
    const diff = diffReadings(
      reading(
        '# I. T',
        '1. Alpha clause about legal reviews of weapons.',
        '# II. U',
        '1. Bravo clause on training of personnel.',
        '2. Charlie clause on testing.',
      ),
      reading(
        '# I. T',
        '1. Alpha clause about legal reviews of weapons.',
        '2. Bravo clause on training of personnel.',
        '# II. U',
        '1. Charlie clause on testing.',
      ),
    )
    expect(layoutComparison(diff).map(describeItem)).toEqual([
      '# I',
      'unchanged I.1',
      'moved I.2',
      '# II',
      '< II.1',
      'unchanged II.1',
    ])
  })
})
