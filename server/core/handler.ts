import type * as decoding from 'lib0/decoding'
import type * as encoding from 'lib0/encoding'
import {
  checkStateVector,
  readClientMessage,
  writeAwareness,
  writePermissionDenied,
  writeSyncStep2Update,
  type ClientMessage,
} from './protocol'

/** What the message handler needs from a connection in a room. It never sees
 *  a socket: tests drive it with a decoder and read the encoder. */
export interface SyncSession {
  /** Whether this connection may change the document. */
  readonly canWrite: boolean
  /** Why not, when it may not (sent in the permission-denied message). */
  readonly readOnlyReason: string
  /** What a sync request (SyncStep1) with `stateVector` is answered with:
   *  the update the client lacks. Throws CloseError past the request rate. */
  answerSyncStep1(stateVector: Uint8Array): Uint8Array
  /** Takes an update from a writer: validated, stored, then relayed. */
  submitUpdate(update: Uint8Array): void
  /** Takes an awareness update (gated to this connection's identity). */
  submitAwareness(update: Uint8Array): void
  /** The awareness states of everyone in the room, or null for none. */
  awarenessState(): Uint8Array | null
}

/** Handles one frame from a client: reads it from `decoder`, acts through
 *  `session`, and writes the reply (if any) into `encoder`. Throws CloseError
 *  for frames that must end the connection. Returns the message type. */
export function handleMessage(
  decoder: decoding.Decoder,
  encoder: encoding.Encoder,
  session: SyncSession,
): ClientMessage['type'] {
  const message = readClientMessage(decoder)
  switch (message.type) {
    case 'sync-step-1':
      checkStateVector(message.stateVector)
      writeSyncStep2Update(encoder, session.answerSyncStep1(message.stateVector))
      break
    case 'sync-step-2':
    case 'update':
      // Readers' updates are dropped here, before anything reads them.
      if (session.canWrite) session.submitUpdate(message.update)
      else writePermissionDenied(encoder, session.readOnlyReason)
      break
    case 'awareness':
      session.submitAwareness(message.update)
      break
    case 'query-awareness': {
      const state = session.awarenessState()
      if (state) writeAwareness(encoder, state)
      break
    }
    case 'auth':
      break
  }
  return message.type
}
