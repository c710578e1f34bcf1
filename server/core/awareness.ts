import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Signature } from '../../shared/protocol/wire'
import { checkPresence, claimedColor } from '../../shared/presence/state'
import { describeBreach, type RuleBreach } from '../../shared/schema/rules'
import { CloseCode, CloseError } from './close-codes'

/** One client's entry in an awareness update. */
export interface AwarenessEntry {
  clientID: number
  clock: number
  /** The client's state, or null when it left. */
  state: Record<string, unknown> | null
}

/** Limits on what a client may put in its awareness state. */
export interface AwarenessLimits {
  /** Entries in one update: a browser tab announces one client. */
  maxEntries: number
  /** Bytes of one state as JSON. */
  maxStateBytes: number
}

const malformed = (what: string) => new CloseError(CloseCode.malformed, `malformed awareness update: ${what}`)

/** Decodes an awareness update fully (y-protocols would throw halfway through
 *  applying one), refusing non-object states and oversized ones. */
export function decodeAwarenessUpdate(update: Uint8Array, limits: AwarenessLimits): AwarenessEntry[] {
  const entries: AwarenessEntry[] = []
  try {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    if (count > limits.maxEntries)
      throw new CloseError(CloseCode.tooLarge, `awareness update has ${count} entries (at most ${limits.maxEntries})`)
    for (let i = 0; i < count; i++) {
      const clientID = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const json = decoding.readVarString(decoder)
      if (json.length > limits.maxStateBytes)
        throw new CloseError(CloseCode.tooLarge, `awareness state is over ${limits.maxStateBytes} bytes`)
      const state: unknown = JSON.parse(json)
      if (state !== null && (typeof state !== 'object' || Array.isArray(state)))
        throw malformed('state must be an object or null')
      entries.push({ clientID, clock, state: state as AwarenessEntry['state'] })
    }
    if (decoding.hasContent(decoder)) throw malformed('extra bytes')
  } catch (e) {
    if (e instanceof CloseError) throw e
    throw malformed('truncated or invalid encoding')
  }
  return entries
}

/** Encodes entries in the awareness wire format. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientID)
    encoding.writeVarUint(encoder, e.clock)
    encoding.writeVarString(encoder, JSON.stringify(e.state))
  }
  return encoding.toUint8Array(encoder)
}

/** The presence state clients see: checked against the presence schema
 *  (shared/presence: `{user?, cursor?}`, cursor positions Yjs can decode,
 *  sizes bounded), with the user stamped from the token whatever the client
 *  claimed; only a `#rrggbb` colour is the client's choice. Anything else is
 *  refused with a 4400 CloseError naming the rule. */
export function stampIdentity(
  state: Record<string, unknown>,
  who: Signature,
): { ok: true; state: Record<string, unknown> } | { ok: false; error: CloseError } {
  const { user, ...rest } = state
  const checked = checkPresence(rest)
  if (!checked.ok) return { ok: false, error: presenceRefused(checked.breach) }
  const color = claimedColor(user)
  if (!color.ok) return { ok: false, error: presenceRefused(color.breach) }
  const stamped = { name: who.name, color: color.color, role: who.role, state: who.state }
  return { ok: true, state: { ...checked.state, user: stamped } }
}

const presenceRefused = (breach: RuleBreach) =>
  new CloseError(CloseCode.malformed, `malformed presence: ${describeBreach(breach)}`)
