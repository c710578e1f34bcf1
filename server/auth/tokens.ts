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

interface Payload {
  jti: string
  role: Role
  state: string | null
  neg: string | null
  name: string
  iat: number
}

/** Why a token was refused; `code` is stable, `message` is for the user. */
export class TokenError extends Error {
  constructor(
    readonly code: 'missing' | 'malformed' | 'bad-signature' | 'unknown' | 'revoked',
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
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url')
}

const sign = (secret: Buffer, body: string) => createHmac('sha256', secret).update(body).digest('base64url')

/** What an invitation is for. */
export interface InvitationRequest {
  role: Role
  state?: string | null
  negotiation?: string | null
  name?: string | null
  /** Who issued it, for the record: a name or `cli`. */
  createdBy: string
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

/** Issues and checks tokens against one secret and one token store. */
export class TokenService {
  constructor(
    private readonly secret: Buffer,
    private readonly store: TokenStore,
  ) {}

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
      id: randomBytes(9).toString('base64url'),
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
      iat: Math.floor(Date.now() / 1000),
    }
    const body = `${prefix}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`
    return { token: `${body}.${sign(this.secret, body)}`, invitation }
  }

  /** The identity behind a token, or a TokenError saying why there is none. */
  async verify(token: string | null | undefined): Promise<Identity> {
    if (!token) throw new TokenError('missing', 'no token: open the invitation link you were given')
    const parts = token.split('.')
    if (parts.length !== 3 || parts[0] !== prefix)
      throw new TokenError('malformed', 'this is not a rolling-text token: copy the whole invitation link')
    const expected = Buffer.from(sign(this.secret, `${parts[0]}.${parts[1]}`))
    const given = Buffer.from(parts[2])
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new TokenError(
        'bad-signature',
        'this token was not issued by this server (or was altered): ask the chair for a new invitation',
      )
    }
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Payload
    const record = await this.store.get(payload.jti)
    if (!record)
      throw new TokenError('unknown', 'this invitation is not known to this server: ask the chair for a new one')
    if (record.revokedAt) throw new TokenError('revoked', revokedMessage)
    // The record, not the payload, is the authority: it cannot be stale.
    return {
      tokenId: record.id,
      role: record.role,
      state: record.state,
      negotiation: record.negotiationId,
      name: record.name,
    }
  }
}

/** The link that opens the client with a token. */
export const invitationUrl = (baseUrl: string, token: string) =>
  `${baseUrl.replace(/\/+$/, '')}/?token=${encodeURIComponent(token)}`
