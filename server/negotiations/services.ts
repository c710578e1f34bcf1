import type { RoomRegistry } from '../core/rooms'
import type { Storage } from '../storage/types'
import type { Workers } from '../workers'
import { NegotiationAccess } from './access'
import { ComparisonService } from './comparisons'
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

/** Builds the services on one store, the rooms and the worker processes. */
export function negotiationServices(storage: Storage, rooms: RoomRegistry, workers: Workers): NegotiationServices {
  const access = new NegotiationAccess(storage, rooms)
  const readings = new ReadingService(access)
  return {
    access,
    positions: new PositionService(access),
    proposals: new ProposalService(access),
    readings,
    comparisons: new ComparisonService(access, readings, workers),
    history: new HistoryService(access),
  }
}
