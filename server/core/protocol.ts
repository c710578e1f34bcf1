import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as authProtocol from 'y-protocols/auth'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { CloseCode, CloseError } from './close-codes'

/** Top-level message types of the y-websocket protocol. */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const

/** A message from a client, fully decoded (so nothing half-read reaches a
 *  document). */
export type ClientMessage =
  | { type: 'sync-step-1'; stateVector: Uint8Array }
  | { type: 'sync-step-2'; update: Uint8Array }
  | { type: 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'auth' }

const malformed = (what: string) => new CloseError(CloseCode.malformed, `malformed message: ${what}`)

/** Reads one client message from a frame. Throws CloseError(4400) on anything
 *  that is not exactly one well-formed message: lib0 throws plain errors
 *  (or reads past the end) on truncated input, and a frame with bytes left
 *  over is not what any y-websocket client sends. */
export function readClientMessage(decoder: decoding.Decoder): ClientMessage {
  let message: ClientMessage
  try {
    message = readMessageBody(decoder)
  } catch (e) {
    if (e instanceof CloseError) throw e
    throw malformed('truncated or invalid encoding')
  }
  if (decoding.hasContent(decoder)) throw malformed('extra bytes after the message')
  return message
}

function readMessageBody(decoder: decoding.Decoder): ClientMessage {
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MessageType.sync: {
      const step = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      if (step === syncProtocol.messageYjsSyncStep1) return { type: 'sync-step-1', stateVector: payload }
      if (step === syncProtocol.messageYjsSyncStep2) return { type: 'sync-step-2', update: payload }
      if (step === syncProtocol.messageYjsUpdate) return { type: 'update', update: payload }
      throw malformed(`unknown sync message type ${step}`)
    }
    case MessageType.awareness:
      return { type: 'awareness', update: decoding.readVarUint8Array(decoder) }
    case MessageType.queryAwareness:
      return { type: 'query-awareness' }
    case MessageType.auth:
      // Clients have nothing to say on this channel; read and ignore it.
      decoding.readVarUint(decoder)
      decoding.readVarString(decoder)
      return { type: 'auth' }
    default:
      throw malformed(`unknown message type ${type}`)
  }
}

/** Checks a state vector the way Yjs will read it, so a bad one is refused
 *  before the server answers it. */
export function checkStateVector(stateVector: Uint8Array): void {
  try {
    Y.decodeStateVector(stateVector)
  } catch {
    throw malformed('invalid state vector')
  }
}

/** Writes sync step 1 (our state vector): asks a client for what we lack. */
export function writeSyncStep1(encoder: encoding.Encoder, doc: Y.Doc): void {
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeSyncStep1(encoder, doc)
}

/** Writes sync step 2: everything in `doc` that `stateVector` lacks. */
export function writeSyncStep2(encoder: encoding.Encoder, doc: Y.Doc, stateVector: Uint8Array): void {
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeSyncStep2(encoder, doc, stateVector)
}

/** Writes sync step 2 from an update already encoded (a cached state). */
export function writeSyncStep2Update(encoder: encoding.Encoder, update: Uint8Array): void {
  encoding.writeVarUint(encoder, MessageType.sync)
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2)
  encoding.writeVarUint8Array(encoder, update)
}

/** Writes one document update. */
export function writeUpdate(encoder: encoding.Encoder, update: Uint8Array): void {
  encoding.writeVarUint(encoder, MessageType.sync)
  syncProtocol.writeUpdate(encoder, update)
}

/** Writes an awareness update. */
export function writeAwareness(encoder: encoding.Encoder, update: Uint8Array): void {
  encoding.writeVarUint(encoder, MessageType.awareness)
  encoding.writeVarUint8Array(encoder, update)
}

/** Writes y-protocols' permission-denied message `[2, 0, reason]`; the
 *  y-websocket client reports it through its permission-denied handler. */
export function writePermissionDenied(encoder: encoding.Encoder, reason: string): void {
  encoding.writeVarUint(encoder, MessageType.auth)
  authProtocol.writePermissionDenied(encoder, reason)
}

/** Encodes one complete message with `write`. */
export function encodeMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}
