/** The name of the shared type that holds the text in a negotiation's Yjs document (y-prosemirror's default). */
export const textRoot = 'prosemirror'

/** A negotiation's meta room, beside its text room: `ID:meta`. The server alone writes it. */
export const metaRoomSuffix = ':meta'

/** The meta room of a negotiation. */
export const metaRoomName = (negotiationId: string): string => `${negotiationId}${metaRoomSuffix}`

/** The shared types of the meta document: positions and proposals are maps by id, readings an array. */
export const metaTypeNames = { positions: 'positions', proposals: 'proposals', readings: 'readings' } as const
