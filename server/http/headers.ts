import type { ServerResponse } from 'node:http'

/** What the client may load: its own scripts, styles and sync socket, and
 *  images from itself or data: URLs. Inline styles stay allowed (the editor
 *  positions carets with them), but nothing a remote user puts in one (a
 *  presence colour, say) can fetch anything from elsewhere. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** Headers every response carries: no page of ours in a frame, no type
 *  sniffing, and no Referer leaving the page (an old link's token, or a
 *  negotiation id, must not reach another site). */
export function setSecurityHeaders(res: ServerResponse, https: boolean): void {
  res.setHeader('content-security-policy', contentSecurityPolicy)
  res.setHeader('x-content-type-options', 'nosniff')
  res.setHeader('x-frame-options', 'DENY')
  res.setHeader('referrer-policy', 'no-referrer')
  res.setHeader('cross-origin-opener-policy', 'same-origin')
  res.setHeader('cross-origin-resource-policy', 'same-origin')
  res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=()')
  if (https) res.setHeader('strict-transport-security', 'max-age=31536000')
}
