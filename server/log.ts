import pino from 'pino'

/** Facts about an event, logged as JSON fields beside its message. Never a
 *  token, a URL with a query, or a request's headers. */
export type LogFields = Record<string, string | number | boolean | null | undefined>

/** Where the server reports what happened. Tests pass `silentLog`. */
export interface Log {
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, error?: unknown, fields?: LogFields): void
}

/** The levels LOG_LEVEL takes. */
export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/** A JSON-lines log (pino) on stdout at `level`: one object per event with
 *  `level`, `time`, `msg` and the event's fields. */
export function jsonLog(level: (typeof logLevels)[number] = 'info', destination?: pino.DestinationStream): Log {
  const logger = pino({ level, base: null, timestamp: pino.stdTimeFunctions.isoTime }, destination)
  return {
    info: (msg, fields) => logger.info(fields ?? {}, msg),
    warn: (msg, fields) => logger.warn(fields ?? {}, msg),
    error: (msg, error, fields) =>
      logger.error({ ...fields, ...(error === undefined ? {} : { err: errorFields(error) }) }, msg),
  }
}

function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) }
  return { type: error.name, message: error.message, stack: error.stack }
}

/** The server's log when none is given: JSON on stdout at LOG_LEVEL. */
export const consoleLog: Log = jsonLog(
  (logLevels as readonly string[]).includes(process.env.LOG_LEVEL ?? '')
    ? (process.env.LOG_LEVEL as (typeof logLevels)[number])
    : 'info',
)

/** Drops everything (tests). */
export const silentLog: Log = { info() {}, warn() {}, error() {} }
