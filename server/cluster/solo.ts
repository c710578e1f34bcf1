import { randomUUID } from 'node:crypto'
import type { Log } from '../log'
import type { LeaseStore } from '../storage/postgres'

/** The lease a process on PostgreSQL without Redis holds: it has no way to
 *  hear of another process's updates, so it must be the only one. */
export const soloLease = '*solo*'

const leaseMs = 10_000

/** A process cannot take its part in serving the database: the message says why. */
export class ClusterError extends Error {}

/** Takes the whole database for this process (no REDIS_URL), renewing the
 *  lease until stopped; refuses when another process serves it already. */
export async function holdDatabaseAlone(leases: LeaseStore, log: Log): Promise<{ stop(): Promise<void> }> {
  const id = randomUUID()
  const token = await leases.acquire(soloLease, id, leaseMs)
  if (token === null) {
    throw new ClusterError(
      'another rolling-text process serves this database without REDIS_URL; stop it, or give every process the same REDIS_URL to run several',
    )
  }
  let failing = false
  const timer = setInterval(() => {
    leases.renew(soloLease, id, token, leaseMs).then(
      (held) => {
        if (!held) log.error('another process took this database over; stop one of them')
        failing = false
      },
      (e: unknown) => {
        if (!failing) log.error('cannot renew the database lease; retrying', e)
        failing = true
      },
    )
  }, leaseMs / 4)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await leases.release(soloLease, id, token).catch(() => undefined)
    },
  }
}

/** Refuses to join a cluster while a process serves the database alone. */
export async function checkNoSoloProcess(leases: LeaseStore): Promise<void> {
  if ((await leases.get(soloLease))?.live) {
    throw new ClusterError(
      'a rolling-text process serves this database without REDIS_URL; give it the same REDIS_URL before starting others',
    )
  }
}
