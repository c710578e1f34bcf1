import { describe, expect, it } from 'vitest'
import { isKnownState, knownStates, normaliseState } from '../../../shared/states/names'
import { memberStates, observerStates } from '../../../shared/states/un-states'

describe('the UN state list', () => {
  it('holds the 193 member states and the two observer states, once each', () => {
    expect(memberStates).toHaveLength(193)
    expect(observerStates).toEqual(['Holy See', 'State of Palestine'])
    expect(new Set(knownStates).size).toBe(195)
  })

  it('normalises spelling, case, spacing and common short names', () => {
    expect(normaliseState('austria ')).toBe('Austria')
    expect(normaliseState('  AUSTRIA')).toBe('Austria')
    expect(normaliseState('cote d’ivoire')).toBe("Côte d'Ivoire")
    expect(normaliseState('Russia')).toBe('Russian Federation')
    expect(normaliseState('Turkey')).toBe('Türkiye')
  })

  it('keeps other entries, tidied', () => {
    expect(normaliseState('  International  Committee of the Red Cross ')).toBe(
      'International Committee of the Red Cross',
    )
    expect(isKnownState('ICRC')).toBe(false)
    expect(isKnownState('holy see')).toBe(true)
  })
})
