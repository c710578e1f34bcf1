import { existsSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join, sep } from 'node:path'
import sirv from 'sirv'

/** Answers a request for the built client, or calls `notFound`. */
export type ClientHandler = (req: IncomingMessage, res: ServerResponse, notFound: () => void) => void

/** Serves the built client from `root` with sirv: index.html at `/`, each
 *  file with its length, an ETag (304 when unchanged) and, where the build
 *  wrote them, its brotli or gzip copy. Hashed assets are cached for a year;
 *  index.html is revalidated each time. Without a built client it answers
 *  503 with what to run. */
export function clientFiles(root: string): ClientHandler {
  if (!existsSync(join(root, 'index.html'))) {
    return (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '60' })
      res.end('The client is not built: run `npm run build` (npm install does it), then restart the server.\n')
    }
  }
  const serve = sirv(root, {
    etag: true,
    gzip: true,
    brotli: true,
    extensions: [],
    setHeaders(res, pathname) {
      const hashed = pathname.startsWith('/assets/') || pathname.includes(`${sep}assets${sep}`)
      res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
    },
  })
  return (req, res, notFound) => {
    // The client routes itself with query parameters: only `/` is the page.
    if ((req.url ?? '/').split('?')[0] === '/') req.url = `/index.html${req.url?.slice(1) ?? ''}`
    serve(req, res, notFound)
  }
}
