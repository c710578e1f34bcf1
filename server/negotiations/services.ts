import type { RoomRegistry } from '../core/rooms'
import type { Storage } from '../storage/types'
import { NegotiationAccess } from './access'
import { ComparisonService } from './comparisons'
import type { DiffEngine } from './diff'
import { HistoryService } from './history'
import { PositionService } from './positions'
import { ProposalService } from './proposals'
import { ReadingService } from './readings'

/** The negotiation operations behind the HTTP API, by concern, around one access helper. */
export interface NegotiationServices {
  access: NegotiationAccess
  positions: PositionService
  proposals: ProposalService
  readings: ReadingService
  comparisons: ComparisonService
  history: HistoryService
}

/** Builds the services on one store and the rooms. */
export function negotiationServices(storage: Storage, rooms: RoomRegistry, diff: DiffEngine): NegotiationServices {
  const access = new NegotiationAccess(storage, rooms)
  const readings = new ReadingService(access)
  return {
    access,
    positions: new PositionService(access),
    proposals: new ProposalService(access),
    readings,
    comparisons: new ComparisonService(access, readings, diff),
    history: new HistoryService(access),
  }
}
