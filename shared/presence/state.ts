import type { RuleBreach } from '../schema/rules'

/** Who a presence entry belongs to. The server fills it from the token; only
 *  the colour is the client's own. */
export interface PresenceUser {
  name: string
  /** `#rrggbb`, or null for none chosen. */
  color: string | null
  role: string
  state: string | null
}

/** A Yjs ID: the client that made an item and its clock. */
export interface ItemId {
  client: number
  clock: number
}

/** A relative position as `Y.relativePositionToJSON` writes it: the item it
 *  sticks to and/or the type (a nested type's ID or a root's name). */
export interface RelativePositionJSON {
  type?: ItemId
  tname?: string
  item?: ItemId
  assoc?: number
}

/** y-prosemirror's selection: where it starts and where the caret is. */
export interface PresenceCursor {
  anchor: RelativePositionJSON
  head: RelativePositionJSON
}

/** Everything a presence state may hold. */
export interface PresenceState {
  user?: PresenceUser
  cursor?: PresenceCursor | null
}

/** Bounds on a presence state's strings. */
export const presenceLimits = { name: 100, role: 16, state: 100, rootName: 64 } as const

/** Whether `value` is a colour as `#rrggbb`, the only form anything puts
 *  into a style. */
export const isColor = (value: unknown): value is string => typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value)

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

class Refusal extends Error {
  constructor(readonly breach: RuleBreach) {
    super(breach.message)
  }
}
const refuse = (rule: string, message: string): never => {
  throw new Refusal({ rule, message })
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const extra = Object.keys(value).find((k) => !allowed.includes(k))
  if (extra !== undefined) refuse(`${where}.field`, `${where} has no field ${JSON.stringify(extra.slice(0, 20))}`)
}

function checkId(value: unknown, where: string): ItemId {
  if (!isRecord(value) || !isUint(value.client) || !isUint(value.clock))
    return refuse('presence.cursor', `${where} must be {client, clock} with whole numbers`)
  onlyKeys(value, ['client', 'clock'], where)
  return { client: value.client, clock: value.clock }
}

function checkPosition(value: unknown, where: string): RelativePositionJSON {
  if (!isRecord(value)) return refuse('presence.cursor', `${where} is not a relative position`)
  onlyKeys(value, ['type', 'tname', 'item', 'assoc'], where)
  const out: RelativePositionJSON = {}
  if (value.type !== undefined && value.type !== null) out.type = checkId(value.type, `${where}.type`)
  if (value.tname !== undefined && value.tname !== null) {
    if (typeof value.tname !== 'string' || value.tname.length > presenceLimits.rootName)
      refuse('presence.cursor', `${where}.tname must be a root name`)
    out.tname = value.tname as string
  }
  if (value.item !== undefined && value.item !== null) out.item = checkId(value.item, `${where}.item`)
  // Yjs reads a position by its item, else its type, else its root: with
  // none of them it throws ("Unexpected case") in every client that looks.
  if (!out.item && !out.type && out.tname === undefined)
    refuse('presence.cursor', `${where} names no item, type or root`)
  if (value.assoc !== undefined && value.assoc !== null) {
    if (typeof value.assoc !== 'number' || !Number.isInteger(value.assoc))
      refuse('presence.cursor', `${where}.assoc must be a whole number`)
    out.assoc = value.assoc as number
  }
  return out
}

function checkCursor(value: unknown): PresenceCursor | null {
  if (value === null) return null
  if (!isRecord(value)) return refuse('presence.cursor', 'cursor must be {anchor, head} or null')
  onlyKeys(value, ['anchor', 'head'], 'cursor')
  return { anchor: checkPosition(value.anchor, 'cursor.anchor'), head: checkPosition(value.head, 'cursor.head') }
}

function text(value: unknown, max: number, field: string): string {
  if (typeof value !== 'string' || value.length > max)
    refuse(`presence.user.${field}`, `user.${field} must be text of at most ${max} characters`)
  return value as string
}

function checkUser(value: unknown): PresenceUser {
  if (!isRecord(value)) return refuse('presence.user', 'user must be an object')
  onlyKeys(value, ['name', 'color', 'role', 'state'], 'user')
  const color = value.color ?? null
  if (color !== null && !isColor(color)) refuse('presence.user.color', 'user.color must be a colour as #rrggbb')
  return {
    name: text(value.name, presenceLimits.name, 'name'),
    color: color as string | null,
    role: text(value.role, presenceLimits.role, 'role'),
    state: value.state === null || value.state === undefined ? null : text(value.state, presenceLimits.state, 'state'),
  }
}

/** Checks a presence state against the schema: `{user?, cursor?}` and
 *  nothing else, every field of the right type and size, cursor positions
 *  that Yjs can decode. Returns the state rebuilt from what was checked (no
 *  field the schema does not know survives), or the rule it breaks. */
export function checkPresence(value: unknown): { ok: true; state: PresenceState } | { ok: false; breach: RuleBreach } {
  try {
    if (!isRecord(value)) refuse('presence.state', 'a presence state must be an object or null')
    const input = value as Record<string, unknown>
    onlyKeys(input, ['user', 'cursor'], 'presence')
    const state: PresenceState = {}
    if (input.user !== undefined) state.user = checkUser(input.user)
    if (input.cursor !== undefined) state.cursor = checkCursor(input.cursor)
    return { ok: true, state }
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, breach: e.breach }
    throw e
  }
}

/** Checks a client's colour claim alone (the server stamps the rest of
 *  `user` from the token): the colour, or null when it claimed none. */
export function claimedColor(value: unknown): { ok: true; color: string | null } | { ok: false; breach: RuleBreach } {
  if (value === undefined || value === null) return { ok: true, color: null }
  if (!isRecord(value)) return { ok: false, breach: { rule: 'presence.user', message: 'user must be an object' } }
  if (value.color === undefined || value.color === null) return { ok: true, color: null }
  return isColor(value.color)
    ? { ok: true, color: value.color }
    : { ok: false, breach: { rule: 'presence.user.color', message: 'user.color must be a colour as #rrggbb' } }
}
