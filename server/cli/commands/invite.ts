import { parseArgs } from 'node:util'
import { invitationUrl, loadKeyring, TokenService } from '../../auth/tokens'
import { baseUrl, type Config, ConfigError, loadConfig } from '../../config'
import { roles, type Role } from '../../../shared/protocol/roles'
import type { CliIO, Command } from '../command'
import { CliError } from '../command'

/** `rolling-text invite`: signs a token for the server's DATA_DIR and prints
 *  it with the link that uses it; `--revoke ID` revokes one instead. */
export const inviteCommand: Command = {
  name: 'invite',
  summary: 'Create an invitation (a token and its link) for the server in DATA_DIR, or revoke one.',
  usage:
    'invite --role chair|editor|delegation|observer [--state NAME] [--negotiation ID] [--name NAME] [--expires-in-days N] [--format text|json] | invite --revoke INVITATION_ID',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        role: { type: 'string' },
        state: { type: 'string' },
        negotiation: { type: 'string' },
        name: { type: 'string' },
        format: { type: 'string', default: 'text' },
        revoke: { type: 'string' },
        'expires-in-days': { type: 'string' },
      },
    })
    if (values.revoke !== undefined) return revoke(values.revoke, io)
    const days = values['expires-in-days'] === undefined ? null : Number(values['expires-in-days'])
    if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650))
      throw new CliError('rolling-text invite: --expires-in-days must be a whole number from 1 to 3650')
    const role = values.role as Role | undefined
    if (!role || !roles.includes(role))
      throw new CliError(
        `rolling-text invite: --role must be one of ${roles.join(', ')}\nUsage: rolling-text ${this.usage}`,
      )
    if (values.format !== 'text' && values.format !== 'json')
      throw new CliError(`rolling-text invite: unknown format '${values.format}' (text or json)`)
    const { config, storage, secret } = await openConfiguredStorage(io)
    try {
      if (values.negotiation && !(await storage.negotiations.get(values.negotiation))) {
        const known = (await storage.negotiations.list()).map((n) => `${n.id} (${n.title})`)
        throw new CliError(
          `rolling-text invite: no negotiation '${values.negotiation}' in ${config.dataDir}${known.length ? `; known: ${known.join(', ')}` : ' (start the server once to seed one)'}`,
        )
      }
      const tokens = new TokenService(secret, storage.tokens)
      const { token, invitation } = await tokens
        .issue({
          role,
          state: values.state ?? null,
          negotiation: values.negotiation ?? null,
          name: values.name ?? null,
          createdBy: 'cli',
          ...(days ? { expiresAt: new Date(Date.now() + days * 86_400_000) } : {}),
        })
        .catch((e: unknown) => {
          throw e instanceof TypeError ? new CliError(`rolling-text invite: ${e.message}`) : e
        })
      const url = invitationUrl(baseUrl(config, config.port), token)
      if (values.format === 'json') {
        io.stdout(
          `${JSON.stringify({ id: invitation.id, token, url, role, state: invitation.state, negotiation: invitation.negotiationId, name: invitation.name })}\n`,
        )
      } else {
        const scope = invitation.negotiationId ? `negotiation ${invitation.negotiationId}` : 'every negotiation'
        io.stdout(
          `Invitation ${invitation.id} for ${invitation.name} (${role}, ${scope}):\n\n  ${url}\n\nToken: ${token}\n`,
        )
      }
      return 0
    } finally {
      await storage.close()
    }
  },
}

async function openConfiguredStorage(io: CliIO) {
  let config: Config
  try {
    config = loadConfig(process.env, io.cwd)
  } catch (e) {
    throw e instanceof ConfigError ? new CliError(`rolling-text invite: ${e.message}`) : e
  }
  // SQLite's native module loads only for this command, not for every one.
  const { connectStorage } = await import('../../storage')
  // Never a new database (with a new secret no server knows) by mistake.
  const { storage, postgres } = await connectStorage({ ...config, mustExist: true })
  const secret = postgres ? await postgres.keyring() : loadKeyring(config.dataDir)
  return { config, storage, secret }
}

/** Revokes an invitation in DATA_DIR. A running server refuses the token from
 *  its next request or connection on, and closes the sessions already open
 *  with it at its next check (server/auth/revocations.ts). */
async function revoke(id: string, io: CliIO): Promise<number> {
  const { config, storage } = await openConfiguredStorage(io)
  try {
    const invitation = await storage.tokens.get(id)
    if (!invitation) throw new CliError(`rolling-text invite: no invitation '${id}' in ${config.dataDir}`)
    if (!(await storage.tokens.revoke(id, new Date().toISOString()))) {
      io.stdout(`Invitation ${id} (${invitation.name}) was revoked already, on ${invitation.revokedAt}.\n`)
      return 0
    }
    let closed = 'a running server closes its open sessions within 5 seconds'
    if (config.redisUrl) {
      // Every process of a cluster closes the link's sessions at once.
      const { publishOnce } = await import('../../cluster/bus')
      const { channels } = await import('../../cluster/messages')
      closed = await publishOnce(config.redisUrl, channels.cluster('rt'), { type: 'revoked', from: 'cli', tokenId: id })
        .then(() => 'every running server process closes its open sessions at once')
        .catch(
          (e: Error) =>
            `its open sessions stay open until they reconnect, since Redis could not be told (${e.message})`,
        )
    }
    io.stdout(
      `Revoked invitation ${id} (${invitation.name}, ${invitation.role}): its link no longer opens anything, and ${closed}.\n`,
    )
    return 0
  } finally {
    await storage.close()
  }
}
