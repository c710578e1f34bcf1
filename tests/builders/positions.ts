import type { Position } from '../../shared/positions/position'

/** Austria's position on clause c1 of negotiation n1, recorded on the live
 *  text of `States [shall][should] act.`; `over` changes what a test needs. */
export const position = (over: Partial<Position> = {}): Position => ({
  id: 'p1',
  negotiationId: 'n1',
  state: 'Austria',
  clauseId: 'c1',
  target: null,
  stance: 'support',
  comment: '',
  source: '',
  reading: null,
  clauseText: 'States [shall][should] act.',
  author: 'Delegation of Austria',
  createdAt: '2025-03-03T10:00:00.000Z',
  updatedAt: '2025-03-03T10:00:00.000Z',
  ...over,
})
