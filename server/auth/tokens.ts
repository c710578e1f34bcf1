import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { may, roles, type Role } from '../../shared/protocol/roles'
import type { Invitation, TokenStore } from '../storage/types'
import { defaultName, type Identity } from './identity'
import { normaliseState } from '../../shared/states/names'

/** Tokens look like `rt1.PAYLOAD.SIGNATURE`: base64url JSON and an
 *  HMAC-SHA256 over `rt1.PAYLOAD` with the data directory's secret. The
 *  signature makes forging a token hopeless; the invitation record behind it
 *  lets one be revoked. */
const prefix = 'rt1'
/** Sessions (`rts1.PAYLOAD.SIGNATURE`): what a browser holds in its cookie
 *  after trading the link's token once; they name the invitation, so
 *  revoking it ends them too. */
const sessionPrefix = 'rts1'

interface Payload {
  jti: string
  role: Role
  state: string | null
  neg: string | null
  name: string
  iat: number
  /** Expiry (seconds since 1970); none: the link never expires. */
  exp?: number
  /** The signing key's id; none: the first key (`0`). */
  kid?: string
}

interface SessionPayload {
  jti: string
  exp: number
  kid?: string
  /** The session's own id, what signing out records (sessions only). */
  sid?: string
}

/** Tickets (`rtt1.PAYLOAD.SIGNATURE`): one WebSocket upgrade's worth of an
 *  invitation, fetched with the token over HTTP, good for a minute and once. */
const ticketPrefix = 'rtt1'

/** How long a WebSocket ticket may wait before its one use. */
export const ticketSeconds = 60

/** Where a ticket's one use is recorded: this process's memory, or, in a
 *  cluster (where a socket may reach any process), Redis. */
export interface TicketLedger {
  /** Records the use of ticket `id`, remembered for `ttlSeconds`; false
   *  when it was used already. */
  spend(id: string, ttlSeconds: number): Promise<boolean>
}

/** The ledger of one process: uses kept until the ticket would have expired anyway. */
export function memoryLedger(): TicketLedger {
  const spent = new Map<string, number>()
  return {
    async spend(id, ttlSeconds) {
      const at = Date.now()
      for (const [key, until] of spent) if (until <= at) spent.delete(key)
      if (spent.has(id)) return false
      spent.set(id, at + ttlSeconds * 1000)
      return true
    },
  }
}

interface TicketPayload extends SessionPayload {
  /** The ticket's own id: what its one use is recorded under. */
  tid: string
}

/** The signing keys: every key that verifies, and the one that signs. Old
 *  keys keep verifying the links they signed until retired. */
export interface Keyring {
  current: string
  keys: Map<string, Buffer>
}

/** The keyring of one secret (PostgreSQL, tests): its id is `0`. */
export const singleKey = (secret: Buffer): Keyring => ({ current: '0', keys: new Map([['0', secret]]) })

/** Why a token was refused; `code` is stable, `message` is for the user. */
export class TokenError extends Error {
  constructor(
    readonly code: 'missing' | 'malformed' | 'bad-signature' | 'unknown' | 'revoked' | 'expired' | 'used' | 'ended',
    message: string,
  ) {
    super(message)
  }
}

/** Reads the signing secret kept in the data directory, creating it (readable
 *  by the owner only) on first use. */
export function loadSecret(dataDir: string): Buffer {
  const file = join(dataDir, 'secret.key')
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    // 'wx' fails if another process created it meanwhile: then read theirs.
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' })
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }
  // The first line: the only key until one is rotated in (loadKeyring reads them all).
  const first = readFileSync(file, 'utf8').split('\n')[0] ?? ''
  return Buffer.from(first.trim().split(/\s+/).pop() ?? '', 'base64url')
}

/** The keys in DATA_DIR/secret.key: its first line is key `0` (the only one
 *  before rotation), each later line `KID KEY`; the last line signs. */
export function loadKeyring(dataDir: string): Keyring {
  loadSecret(dataDir)
  const lines = readFileSync(join(dataDir, 'secret.key'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
  const keys = new Map<string, Buffer>()
  let current = '0'
  lines.forEach((line, i) => {
    const [kid, key] = i === 0 && !line.includes(' ') ? ['0', line.trim()] : line.trim().split(/\s+/)
    if (!kid || !key) return
    keys.set(kid, Buffer.from(key, 'base64url'))
    current = kid
  })
  return { current, keys }
}

/** A new signing key's id: `k`, the date, and four random hex digits. */
export const newKeyId = () =>
  `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(2).toString('hex')}`

/** Adds a new signing key to DATA_DIR/secret.key and returns its id: new
 *  links are signed with it, links signed before keep working. */
export function rotateKey(dataDir: string): string {
  const ring = loadKeyring(dataDir)
  const kid = newKeyId()
  if (ring.keys.has(kid)) throw new Error(`key id ${kid} exists already: try again`)
  const file = join(dataDir, 'secret.key')
  const text = readFileSync(file, 'utf8').replace(/\n*$/, '\n')
  writeFileSync(file, `${text}${kid} ${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 })
  return kid
}

/** Removes a key that no longer signs: every link signed with it stops working. */
export function retireKey(dataDir: string, kid: string): boolean {
  const ring = loadKeyring(dataDir)
  if (!ring.keys.has(kid)) return false
  if (ring.current === kid) throw new TypeError(`key ${kid} signs new links: rotate first, then retire it`)
  const file = join(dataDir, 'secret.key')
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
  const kept = lines.filter((line, i) => (i === 0 && !line.includes(' ') ? kid !== '0' : !line.startsWith(`${kid} `)))
  // Key 0 has no id on its line: once it goes, the first line names its key.
  writeFileSync(file, `${kept.join('\n')}\n`, { mode: 0o600 })
  return true
}

const sign = (secret: Buffer, body: string) => createHmac('sha256', secret).update(body).digest('base64url')

const now = () => Math.floor(Date.now() / 1000)

/** What an invitation is for. */
export interface InvitationRequest {
  role: Role
  state?: string | null
  negotiation?: string | null
  name?: string | null
  /** Who issued it, for the record: a name or `cli`. */
  createdBy: string
  /** When the link stops working; never unless given. */
  expiresAt?: Date | null
}

/** What a user holding a revoked link is told (HTTP 401, close code 4401). */
export const revokedMessage = 'this invitation was revoked: ask the chair for a new one'

/** Longest state and person names an invitation may carry: they travel in
 *  every token and every presence message. */
export const invitationLimits = { state: 100, name: 100 } as const

// Names are shown on every screen of the room: one line of printable text.
function checkLabel(field: keyof typeof invitationLimits, value: string | null): void {
  if (value === null) return
  if (value.length > invitationLimits[field])
    throw new TypeError(`${field} is ${value.length} characters long (at most ${invitationLimits[field]})`)
  if (/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u.test(value))
    throw new TypeError(`${field} must be one line of printable text`)
}

/** Issues and checks tokens against one keyring and one token store. */
export class TokenService {
  private readonly ring: Keyring
  /** Where tickets' uses are recorded; a cluster puts its own (Redis) here. */
  ticketLedger: TicketLedger = memoryLedger()

  constructor(
    secret: Buffer | Keyring,
    private readonly store: TokenStore,
  ) {
    this.ring = Buffer.isBuffer(secret) ? singleKey(secret) : secret
  }

  private signed(tag: string, payload: { kid?: string }): string {
    // The signing key's id; none stands for the first key (`0`), as in links issued before rotation.
    const withKey = this.ring.current === '0' ? payload : { ...payload, kid: this.ring.current }
    const body = `${tag}.${Buffer.from(JSON.stringify(withKey)).toString('base64url')}`
    return `${body}.${sign(this.key(this.ring.current), body)}`
  }

  private key(kid: string): Buffer {
    const key = this.ring.keys.get(kid)
    if (!key)
      throw new TokenError(
        'bad-signature',
        'this link was signed with a key this server retired: ask the chair for a new one',
      )
    return key
  }

  /** The payload of a token with a valid signature, or a TokenError. */
  private opened<T extends { kid?: string }>(token: string, tag: string): T {
    const parts = token.split('.')
    if (parts.length !== 3 || parts[0] !== tag)
      throw new TokenError('malformed', 'this is not a rolling-text token: copy the whole invitation link')
    let payload: T
    try {
      payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as T
    } catch {
      throw new TokenError('malformed', 'this is not a rolling-text token: copy the whole invitation link')
    }
    const expected = Buffer.from(
      sign(this.key(typeof payload.kid === 'string' ? payload.kid : '0'), `${parts[0]}.${parts[1]}`),
    )
    const given = Buffer.from(parts[2] ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new TokenError(
        'bad-signature',
        'this token was not issued by this server (or was altered): ask the chair for a new invitation',
      )
    }
    return payload
  }

  /** A session for an invitation, for `ttlSeconds` (the browser's cookie). */
  session(tokenId: string, ttlSeconds: number): string {
    const payload: SessionPayload = { jti: tokenId, exp: now() + ttlSeconds, sid: randomBytes(12).toString('hex') }
    return this.signed(sessionPrefix, payload)
  }

  /** Signs out of a session: from now on it opens nothing, on any process
   *  sharing the store, though its cookie may survive in a copy. A TokenError
   *  when `session` is not a session of this server. */
  async endSession(session: string): Promise<void> {
    const payload = this.opened<SessionPayload>(session, sessionPrefix)
    if (typeof payload.sid !== 'string') throw new TokenError('malformed', 'this session cannot be ended: it has no id')
    await this.store.endSession(payload.sid, new Date(payload.exp * 1000).toISOString())
  }

  /** A ticket for one WebSocket upgrade as this invitation, good for
   *  `ticketSeconds`. It opens nothing on HTTP. */
  ticket(tokenId: string): string {
    const payload: TicketPayload = {
      jti: tokenId,
      tid: randomBytes(9).toString('base64url'),
      exp: now() + ticketSeconds,
    }
    return this.signed(ticketPrefix, payload)
  }

  /** The identity behind a ticket, using it up; a TokenError when it is not
   *  one, has expired, was used already (here or, in a cluster, by any
   *  process), or its invitation no longer opens anything. */
  async redeem(ticket: string): Promise<Identity> {
    const payload = this.opened<TicketPayload>(ticket, ticketPrefix)
    const left = typeof payload.exp === 'number' ? payload.exp - now() : 0
    if (left <= 0)
      throw new TokenError(
        'expired',
        'this ticket has expired: fetch a new one (POST /api/tickets) just before connecting',
      )
    if (typeof payload.tid !== 'string' || !(await this.ticketLedger.spend(payload.tid, left)))
      throw new TokenError(
        'used',
        'this ticket was used already: fetch a new one (POST /api/tickets) for each connection',
      )
    return this.identityOf(payload.jti)
  }

  /** The expiry of a link token (seconds), or null when it has none. */
  expiryOf(token: string): number | null {
    return this.opened<Payload>(token, prefix).exp ?? null
  }

  /** Records an invitation and returns its signed token. Throws TypeError on a
   *  request that makes no sense (a delegation without a state). */
  async issue(req: InvitationRequest): Promise<{ token: string; invitation: Invitation }> {
    const state = req.state ? normaliseState(req.state) || null : null
    if (!roles.includes(req.role)) throw new TypeError(`role must be one of ${roles.join(', ')}`)
    const speaks = may(req.role, 'speak-for-state')
    if (speaks && !state) throw new TypeError('a delegation invitation needs the state it speaks for')
    if (!speaks && state) throw new TypeError('only a delegation speaks for a state')
    checkLabel('state', state)
    checkLabel('name', req.name?.trim() || null)
    const invitation: Invitation = {
      // Hex, not base64url: an id starting with '-' reads as an option to `invite --revoke ID`.
      id: randomBytes(9).toString('hex'),
      role: req.role,
      state,
      negotiationId: req.negotiation ?? null,
      name: req.name?.trim() || defaultName(req.role, state),
      createdAt: new Date().toISOString(),
      createdBy: req.createdBy,
      revokedAt: null,
    }
    await this.store.create(invitation)
    const payload: Payload = {
      jti: invitation.id,
      role: invitation.role,
      state,
      neg: invitation.negotiationId,
      name: invitation.name,
      iat: now(),
    }
    if (req.expiresAt) payload.exp = Math.floor(req.expiresAt.getTime() / 1000)
    return { token: this.signed(prefix, payload), invitation }
  }

  /** The identity behind a link token or a session, or a TokenError saying
   *  why there is none. */
  async verify(token: string | null | undefined): Promise<Identity> {
    if (!token) throw new TokenError('missing', 'no token: open the invitation link you were given')
    const isSession = token.startsWith(`${sessionPrefix}.`)
    const payload = isSession ? this.opened<SessionPayload>(token, sessionPrefix) : this.opened<Payload>(token, prefix)
    if (typeof payload.exp === 'number' && payload.exp <= now())
      throw new TokenError(
        'expired',
        isSession
          ? 'your session has ended: open the invitation link again'
          : 'this invitation has expired: ask the chair for a new one',
      )
    const sid = isSession ? (payload as SessionPayload).sid : undefined
    if (typeof sid === 'string' && (await this.store.sessionEnded(sid)))
      throw new TokenError('ended', 'you signed out of this session: open the invitation link again')
    return this.identityOf(payload.jti)
  }

  /** Who an invitation is, from its record (the authority: it cannot be
   *  stale), or a TokenError when it is unknown or revoked. */
  private async identityOf(jti: string): Promise<Identity> {
    const record = await this.store.get(jti)
    if (!record)
      throw new TokenError('unknown', 'this invitation is not known to this server: ask the chair for a new one')
    if (record.revokedAt) throw new TokenError('revoked', revokedMessage)
    return {
      tokenId: record.id,
      role: record.role,
      state: record.state,
      negotiation: record.negotiationId,
      name: record.name,
    }
  }
}

/** The link that opens the client with a token. The token is in the
 *  fragment, which browsers never send: it stays out of proxy logs, server
 *  logs and Referer headers. */
export const invitationUrl = (baseUrl: string, token: string) =>
  `${baseUrl.replace(/\/+$/, '')}/#token=${encodeURIComponent(token)}`
