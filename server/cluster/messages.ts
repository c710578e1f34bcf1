import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Author } from '../storage/types'

/** What processes tell each other over Redis. Room channels carry what the
 *  owner stored and everyone's presence; a process's own channel carries the
 *  changes forwarded to it and the answers to its forwards; the cluster
 *  channel carries revocations. */
export type BusMessage =
  | { type: 'update'; from: string; room: string; prevSeq: number; seq: number; update: Uint8Array }
  | { type: 'awareness'; from: string; room: string; update: Uint8Array }
  /** A process opened the room: the others send the presence of their clients. */
  | { type: 'presence?'; from: string; room: string }
  /** A process took the room over: replicas reload it and ask their writers. */
  | { type: 'owner'; from: string; room: string }
  /** Changes for the owner, in the order they must be applied. */
  | { type: 'forward'; from: string; id: number; room: string; items: ForwardItem[]; updates: Uint8Array[] }
  /** The answer to a forward, one result per item; `moved`: this process
   *  does not own the room (ask the owner). */
  | { type: 'reply'; from: string; id: number; results: ForwardResult[]; moved: boolean }
  | { type: 'revoked'; from: string; tokenId: string }

/** Who made a forwarded change: a client (`trusted` false) or the server. */
export interface ForwardItem {
  author: Author
  trusted: boolean
}

/** What the owner made of one forwarded change: `code` 0 for stored. */
export interface ForwardResult {
  code: number
  reason: string
}

const kinds = ['update', 'awareness', 'owner', 'forward', 'reply', 'revoked', 'presence?'] as const

/** Encodes a message: its kind, a JSON header, then its binary updates. */
export function encodeBusMessage(message: BusMessage): Buffer {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, kinds.indexOf(message.type))
  const { update, updates, ...header } = message as BusMessage & { update?: Uint8Array; updates?: Uint8Array[] }
  encoding.writeVarString(encoder, JSON.stringify(header))
  const parts = updates ?? (update ? [update] : [])
  encoding.writeVarUint(encoder, parts.length)
  for (const part of parts) encoding.writeVarUint8Array(encoder, part)
  return Buffer.from(encoding.toUint8Array(encoder))
}

/** Decodes a message, or null for anything that is not one (another
 *  program's traffic on the same Redis). */
export function decodeBusMessage(data: Uint8Array): BusMessage | null {
  try {
    const decoder = decoding.createDecoder(data)
    const type = kinds[decoding.readVarUint(decoder)]
    const header = JSON.parse(decoding.readVarString(decoder)) as Record<string, unknown>
    const updates = Array.from({ length: decoding.readVarUint(decoder) }, () => decoding.readVarUint8Array(decoder))
    if (!type || typeof header.from !== 'string') return null
    const binary = type === 'forward' ? { updates } : { update: updates[0] ?? new Uint8Array() }
    return { ...header, type, ...binary } as BusMessage
  } catch {
    return null
  }
}

/** Redis channel names, under one prefix so several deployments can share a Redis. */
export const channels = {
  room: (prefix: string, room: string) => `${prefix}:room:${room}`,
  process: (prefix: string, id: string) => `${prefix}:process:${id}`,
  cluster: (prefix: string) => `${prefix}:cluster`,
}
