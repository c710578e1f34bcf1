/** An error a client can act on: an HTTP status, a stable code and a message
 *  that says what to do. Everything that crosses the HTTP boundary is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Per-field problems for invalid input. */
    readonly fields?: { field: string; message: string }[],
    /** For a 405: the methods the path takes (the Allow header). */
    readonly allow?: string,
  ) {
    super(message)
  }
}

/** 404: `what` does not exist. */
export const notFound = (what: string) => new ApiError(404, 'not-found', `${what} does not exist`)
/** 403: the caller's role or scope does not allow this. */
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message)
/** 400: input to fix, with the fields at fault. */
export const invalid = (message: string, fields?: { field: string; message: string }[]) =>
  new ApiError(400, 'invalid-input', message, fields)
