import { may } from '../../shared/protocol/roles'
import type { Identity } from '../auth/identity'
import type { SessionDirectory } from '../auth/revocations'
import { invitationUrl, type TokenService } from '../auth/tokens'
import { forbidden, invalid, notFound } from '../errors'
import { present } from '../../shared/present'
import type { Role } from '../../shared/protocol/roles'
import type { Invitation, TokenStore } from '../storage/types'
import type { NegotiationAccess } from './access'

/** A new invitation: its token and the link that carries it. */
export interface IssuedInvitation {
  token: string
  url: string
  role: Role
  state: string | null
  name: string
  negotiation: string
}

/** The chair's invitations to one negotiation: issue a link, list what was
 *  issued, and revoke a link, which also closes every session opened with it. */
export class InvitationService {
  constructor(
    private readonly negotiations: Pick<NegotiationAccess, 'require'>,
    private readonly tokens: TokenService,
    private readonly store: TokenStore,
    private readonly sessions: Pick<SessionDirectory, 'endSessions'>,
    private readonly baseUrl: () => string,
  ) {}

  private async asChair(who: Identity, id: string, doing: string): Promise<void> {
    await this.negotiations.require(who, id)
    if (!may(who.role, 'invite')) throw forbidden(`only the chair ${doing}`)
  }

  async invite(who: Identity, id: string, body: unknown): Promise<IssuedInvitation> {
    await this.asChair(who, id, 'invites')
    const input = (body ?? {}) as { role?: unknown; state?: unknown; name?: unknown }
    const str = (v: unknown) => (typeof v === 'string' ? v : null)
    try {
      const { token, invitation } = await this.tokens.issue({
        role: input.role as Role,
        state: str(input.state),
        name: str(input.name),
        negotiation: id,
        createdBy: who.name,
      })
      return {
        token,
        url: invitationUrl(this.baseUrl(), token),
        role: invitation.role,
        state: invitation.state,
        name: invitation.name,
        negotiation: id,
      }
    } catch (e) {
      if (e instanceof TypeError)
        throw invalid(e.message, [{ field: /^name|state/.exec(e.message)?.[0] ?? 'role', message: e.message }])
      throw e
    }
  }

  /** The invitations to this negotiation, oldest first (tokens are never
   *  stored, so none can be shown again). */
  async list(who: Identity, id: string): Promise<Invitation[]> {
    await this.asChair(who, id, 'sees the invitations')
    return this.store.list(id)
  }

  /** Revokes an invitation: its link stops working and its open sessions
   *  close with 4401. Revoking twice changes nothing. */
  async revoke(who: Identity, id: string, invitationId: string): Promise<Invitation> {
    await this.asChair(who, id, 'revokes invitations')
    const invitation = await this.store.get(invitationId)
    if (!invitation || invitation.negotiationId !== id)
      throw notFound(`invitation '${invitationId}' to this negotiation`)
    if (invitationId === who.tokenId)
      throw invalid("this is the invitation you are signed in with: revoke it from another chair's link")
    await this.store.revoke(invitationId, new Date().toISOString())
    this.sessions.endSessions(invitationId)
    return present(await this.store.get(invitationId), 'the invitation just revoked')
  }
}
