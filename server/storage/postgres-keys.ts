import type pg from 'pg'
import { type Keyring, newKeyId, singleKey } from '../auth/tokens'
import { randomBytes } from 'node:crypto'
import { StorageError } from './types'

// The signing keys in PostgreSQL: key 0 is settings' `secret` (created by
// the first process), later ones rows of `signing_keys` in order, the last
// signing (rotated here, or brought over by `rolling-text migrate`).

/** Key 0, created on first use. */
export async function sharedSecret(pool: pg.Pool): Promise<Buffer> {
  await pool.query('INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    'secret',
    randomBytes(32),
  ])
  const r = await pool.query<{ value: Buffer }>('SELECT value FROM settings WHERE name = $1', ['secret'])
  const value = r.rows[0]?.value
  if (!value) throw new StorageError('io', 'the signing secret could not be stored')
  return value
}

/** Every key that verifies, the last signing. */
export async function keyringOf(pool: pg.Pool): Promise<Keyring> {
  const rows = (await pool.query<{ kid: string; key: Buffer }>('SELECT kid, key FROM signing_keys ORDER BY ord')).rows
  const last = rows.at(-1)
  if (!last) return singleKey(await sharedSecret(pool))
  // Key 0 may have been retired: then it is not there.
  const first = (await pool.query<{ value: Buffer }>("SELECT value FROM settings WHERE name = 'secret'")).rows[0]
  const keys = new Map<string, Buffer>(first ? [['0', first.value]] : [])
  for (const r of rows) keys.set(r.kid, r.key)
  return { current: last.kid, keys }
}

/** Adds a key that signs from the next start on; returns its id. */
export async function rotateKey(pool: pg.Pool): Promise<string> {
  // Key 0 stays (it verifies the links signed so far): make sure it exists first.
  const ring = await keyringOf(pool)
  const kid = newKeyId()
  if (ring.keys.has(kid)) throw new TypeError(`key id ${kid} exists already: try again`)
  await pool.query('INSERT INTO signing_keys (kid, key) VALUES ($1, $2)', [kid, randomBytes(32)])
  return kid
}

/** Removes a key that no longer signs: the links it signed stop working. */
export async function retireKey(pool: pg.Pool, kid: string): Promise<boolean> {
  const ring = await keyringOf(pool)
  if (!ring.keys.has(kid)) return false
  if (ring.current === kid) throw new TypeError(`key ${kid} signs new links: rotate first, then retire it`)
  if (kid === '0') await pool.query("DELETE FROM settings WHERE name = 'secret'")
  else await pool.query('DELETE FROM signing_keys WHERE kid = $1', [kid])
  return true
}
