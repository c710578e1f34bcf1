import { memberStates, observerStates } from './un-states'

/** Every state a delegation can be picked from: UN members, then observers. */
export const knownStates: readonly string[] = [...memberStates, ...observerStates]

/** Short names diplomats type for states whose UN name is longer. */
const aliases: Record<string, string> = {
  bolivia: 'Bolivia (Plurinational State of)',
  'cape verde': 'Cabo Verde',
  'czech republic': 'Czechia',
  'ivory coast': "Côte d'Ivoire",
  iran: 'Iran (Islamic Republic of)',
  laos: "Lao People's Democratic Republic",
  micronesia: 'Micronesia (Federated States of)',
  moldova: 'Republic of Moldova',
  netherlands: 'Netherlands (Kingdom of the)',
  'north korea': "Democratic People's Republic of Korea",
  palestine: 'State of Palestine',
  russia: 'Russian Federation',
  'south korea': 'Republic of Korea',
  swaziland: 'Eswatini',
  syria: 'Syrian Arab Republic',
  tanzania: 'United Republic of Tanzania',
  turkey: 'Türkiye',
  uk: 'United Kingdom of Great Britain and Northern Ireland',
  'united kingdom': 'United Kingdom of Great Britain and Northern Ireland',
  us: 'United States of America',
  usa: 'United States of America',
  'united states': 'United States of America',
  vatican: 'Holy See',
  venezuela: 'Venezuela (Bolivarian Republic of)',
  vietnam: 'Viet Nam',
}

/** The comparison form of a name: case, accents, apostrophes and spacing ignored. */
const fold = (name: string): string =>
  name.normalize('NFD').replace(/\p{M}/gu, '').replace(/[’']/g, "'").replace(/\s+/g, ' ').trim().toLowerCase()

const byFolded = new Map<string, string>([
  ...knownStates.map((s): [string, string] => [fold(s), s]),
  ...Object.entries(aliases).map(([k, v]): [string, string] => [fold(k), v]),
])

/** A state or organisation name as stored: a UN state's own name whatever its
 *  spelling (`austria `, `AUSTRIA` and `Austria` are one; `Russia` is the
 *  Russian Federation), any other entry (the ICRC, an observer organisation)
 *  with its spacing tidied. */
export function normaliseState(name: string): string {
  const tidy = name.replace(/\s+/g, ' ').trim()
  return byFolded.get(fold(tidy)) ?? tidy
}

/** Whether a name is a UN member or observer state (after normalising). */
export const isKnownState = (name: string): boolean => byFolded.has(fold(name))
