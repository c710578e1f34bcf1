/** WebSocket close codes the server uses. 4400–4499 mirror HTTP 4xx: the
 *  y-websocket client treats them as final and stops reconnecting (it emits
 *  `closed` with the code and reason). Every other code makes it reconnect. */
export const CloseCode = {
  /** The server is shutting down; reconnect later. */
  goingAway: 1001,
  /** The server failed (e.g. storage); reconnect later. */
  internalError: 1011,
  /** The connection did not read what the server sent fast enough: the
   *  server stopped buffering for it. The client reconnects. */
  tryAgainLater: 1013,
  /** A frame was not a well-formed y-websocket message or Yjs update. */
  malformed: 4400,
  /** No token, or a token this server does not accept. */
  unauthorized: 4401,
  /** The token does not give access to this room. */
  forbidden: 4403,
  /** No such negotiation or room. */
  notFound: 4404,
  /** A message, or the document it would grow, is over the size limit. */
  tooLarge: 4413,
  /** Too many messages, bytes, sync requests or connections: from this
   *  connection, or under this invitation. */
  rateLimited: 4429,
} as const

/** One of the codes above. */
export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode]

/** A refusal that ends a connection: a close code and a reason for the user.
 *  Reasons must fit a close frame (123 bytes). */
export class CloseError extends Error {
  constructor(
    readonly code: number,
    reason: string,
  ) {
    super(reason.length > 120 ? `${reason.slice(0, 117)}...` : reason)
  }
}
