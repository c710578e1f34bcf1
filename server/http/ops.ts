import type { Storage } from '../storage/types'
import type { Metrics } from './metrics'
import type { Router } from './router'

/** How long the readiness check waits for the database. */
const readyTimeoutMs = 2000

/** The operator's endpoints (no token needed): `/api/ready` answers 200
 *  only while the database answers a query within 2 s (503 otherwise), and
 *  `/metrics` serves the Prometheus metrics. (`/api/health`, liveness, is
 *  among the API routes.) */
export function opsRoutes(router: Router, storage: Storage, metrics: Metrics): void {
  router.add('GET', '/api/ready', async () => {
    const started = performance.now()
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        storage.negotiations.get('readiness-probe'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer in ${readyTimeoutMs} ms`)), readyTimeoutMs)
        }),
      ])
      return { status: 200, json: { ready: true, databaseMs: Math.round(performance.now() - started) } }
    } catch (e) {
      return {
        status: 503,
        json: {
          ready: false,
          error: { code: 'database', message: `the database does not answer: ${(e as Error).message}` },
        },
      }
    } finally {
      clearTimeout(timer)
    }
  })
  router.add('GET', '/metrics', async () => ({
    status: 200,
    body: await metrics.registry.metrics(),
    type: metrics.registry.contentType,
  }))
}
