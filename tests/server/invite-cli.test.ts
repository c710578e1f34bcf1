import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadSecret, TokenService } from '../../server/auth/tokens'
import { createNegotiation, sampleDocument } from '../../server/negotiations/create'
import { openStorage } from '../../server/storage'
import { runCli } from '../harness/cli'

const dataDir = mkdtempSync(join(tmpdir(), 'rt-invite-'))
let negotiationId = ''

beforeAll(async () => {
  vi.stubEnv('DATA_DIR', dataDir)
  vi.stubEnv('PORT', '9191')
  const storage = openStorage(dataDir)
  negotiationId = (await createNegotiation(storage, 'T', sampleDocument().doc)).id
  await storage.close()
})
afterAll(() => {
  vi.unstubAllEnvs()
  rmSync(dataDir, { recursive: true, force: true })
})

async function run(...args: string[]) {
  const { code, stdout: out, stderr: err } = await runCli(['invite', ...args])
  return { code, out, err }
}

describe('rolling-text invite', () => {
  it('prints a token signed for DATA_DIR and the link that uses it', async () => {
    const { code, out } = await run(
      '--role',
      'delegation',
      '--state',
      'Ghana',
      '--negotiation',
      negotiationId,
      '--format',
      'json',
    )
    expect(code).toBe(0)
    const result = JSON.parse(out)
    expect(result.url).toBe(`http://127.0.0.1:9191/#token=${encodeURIComponent(result.token)}`)
    const storage = openStorage(dataDir)
    try {
      const who = await new TokenService(loadSecret(dataDir), storage.tokens).verify(result.token)
      expect(who).toMatchObject({
        role: 'delegation',
        state: 'Ghana',
        negotiation: negotiationId,
        name: 'Delegation of Ghana',
      })
    } finally {
      await storage.close()
    }
    const text = await run('--role', 'observer')
    expect(text.out).toMatch(
      /Invitation [\w-]+ for Observer \(observer, every negotiation\):\n\n {2}http:\/\/127\.0\.0\.1:9191\/#token=rt1\./,
    )
  })

  it('revokes an invitation by the id it printed, once', async () => {
    const made = JSON.parse((await run('--role', 'editor', '--name', 'Temporary', '--format', 'json')).out)
    const revoked = await run('--revoke', made.id)
    expect(revoked).toMatchObject({ code: 0, err: '' })
    expect(revoked.out).toContain(`Revoked invitation ${made.id} (Temporary, editor)`)
    expect((await run('--revoke', made.id)).out).toContain('was revoked already')
    const storage = openStorage(dataDir)
    try {
      await expect(new TokenService(loadSecret(dataDir), storage.tokens).verify(made.token)).rejects.toMatchObject({
        code: 'revoked',
      })
    } finally {
      await storage.close()
    }
    const missing = await run('--revoke', 'nope')
    expect(missing.code).toBe(1)
    expect(missing.err).toContain("no invitation 'nope'")
  })

  it('explains bad arguments', async () => {
    expect((await run('--role', 'king')).err).toMatch(/--role must be one of chair, editor, delegation, observer/)
    expect((await run('--role', 'delegation')).err).toMatch(/needs the state/)
    expect((await run('--role', 'editor', '--state', 'Peru')).err).toMatch(/only a delegation speaks for a state/)
    const unknown = await run('--role', 'editor', '--negotiation', 'nope')
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain(`known: ${negotiationId}`)
  })
})
