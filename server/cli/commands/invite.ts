import { parseArgs } from 'node:util'
import { invitationUrl, loadSecret, TokenService } from '../../auth/tokens'
import { baseUrl, ConfigError, loadConfig } from '../../config'
import { roles, type Role } from '../../storage/types'
import type { Command } from '../command'
import { CliError } from '../command'

/** `rolling-text invite`: signs a token for the server's DATA_DIR and prints
 *  it with the link that uses it. */
export const inviteCommand: Command = {
  name: 'invite',
  summary: 'Create an invitation (a token and its link) for the server in DATA_DIR.',
  usage: 'invite --role chair|editor|delegation|observer [--state NAME] [--negotiation ID] [--name NAME] [--format text|json]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        role: { type: 'string' }, state: { type: 'string' }, negotiation: { type: 'string' },
        name: { type: 'string' }, format: { type: 'string', default: 'text' },
      },
    })
    const role = values.role as Role | undefined
    if (!role || !roles.includes(role)) throw new CliError(`rolling-text invite: --role must be one of ${roles.join(', ')}\nUsage: rolling-text ${this.usage}`)
    if (values.format !== 'text' && values.format !== 'json') throw new CliError(`rolling-text invite: unknown format '${values.format}' (text or json)`)
    let config
    try { config = loadConfig(process.env, io.cwd) } catch (e) {
      throw e instanceof ConfigError ? new CliError(`rolling-text invite: ${e.message}`) : e
    }
    // SQLite's native module loads only for this command, not for every one.
    const { openStorage } = await import('../../storage')
    const storage = openStorage(config.dataDir, config.durability)
    try {
      if (values.negotiation && !(await storage.negotiations.get(values.negotiation))) {
        const known = (await storage.negotiations.list()).map((n) => `${n.id} (${n.title})`)
        throw new CliError(`rolling-text invite: no negotiation '${values.negotiation}' in ${config.dataDir}${known.length ? `; known: ${known.join(', ')}` : ' (start the server once to seed one)'}`)
      }
      const tokens = new TokenService(loadSecret(config.dataDir), storage.tokens)
      const { token, invitation } = await tokens.issue({
        role, state: values.state ?? null, negotiation: values.negotiation ?? null, name: values.name ?? null, createdBy: 'cli',
      }).catch((e: unknown) => { throw e instanceof TypeError ? new CliError(`rolling-text invite: ${e.message}`) : e })
      const url = invitationUrl(baseUrl(config, config.port), token)
      if (values.format === 'json') {
        io.stdout(`${JSON.stringify({ token, url, role, state: invitation.state, negotiation: invitation.negotiationId, name: invitation.name })}\n`)
      } else {
        const scope = invitation.negotiationId ? `negotiation ${invitation.negotiationId}` : 'every negotiation'
        io.stdout(`Invitation for ${invitation.name} (${role}, ${scope}):\n\n  ${url}\n\nToken: ${token}\n`)
      }
      return 0
    } finally {
      await storage.close()
    }
  },
}
