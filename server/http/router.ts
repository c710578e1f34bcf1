import type { IncomingMessage } from 'node:http'
import type { Identity } from '../auth/identity'

/** What a handler answers: JSON, or a body of some type; with a `filename`
 *  the browser saves it as that file. */
export type Reply =
  | { status: number; json: unknown; allow?: string; headers?: Record<string, string> }
  | { status: number; body: string | Uint8Array; type: string; filename?: string }
  | { status: 204 }

/** One request as handlers see it. */
export interface RequestContext {
  req: IncomingMessage
  url: URL
  params: Record<string, string>
  /** The caller's identity; throws a 401 ApiError without a valid token. */
  identity(): Promise<Identity>
  /** The JSON body; throws a 400/413/415 ApiError when it is not one. */
  body(): Promise<unknown>
  /** The body as bytes (an uploaded file); throws a 413 ApiError when too large. */
  rawBody(): Promise<Buffer>
}

/** Answers one matched request. */
export type Handler = (ctx: RequestContext) => Promise<Reply>

interface Route {
  method: string
  pattern: RegExp
  keys: string[]
  handler: Handler
  /** `METHOD /path/:param`, as added (logs and rate limits name routes so). */
  name: string
}

/** Matches `METHOD /path/:param` routes, in the order added. */
export class Router {
  private routes: Route[] = []

  add(method: string, path: string, handler: Handler): this {
    const keys: string[] = []
    const source = path.replace(/:(\w+)/g, (_, key: string) => {
      keys.push(key)
      return '([^/]+)'
    })
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler, name: `${method} ${path}` })
    return this
  }

  /** The handler for a request, the methods the path allows (for a 405), or
   *  null for a path no route has. */
  match(
    method: string,
    pathname: string,
  ): { handler: Handler; params: Record<string, string>; name: string } | { allowed: string[] } | null {
    const allowed: string[] = []
    for (const route of this.routes) {
      const m = route.pattern.exec(pathname)
      if (!m) continue
      if (route.method !== method) {
        allowed.push(route.method)
        continue
      }
      const params: Record<string, string> = {}
      try {
        route.keys.forEach((k, i) => {
          params[k] = decodeURIComponent(m[i + 1])
        })
      } catch {
        // A malformed %-escape names nothing that exists.
        return null
      }
      return { handler: route.handler, params, name: route.name }
    }
    return allowed.length ? { allowed } : null
  }
}
