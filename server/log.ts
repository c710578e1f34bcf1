/** Where the server reports what happened. Tests pass `silentLog`. */
export interface Log {
  info(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

/** Logs to stdout/stderr, one line each, with a timestamp. */
export const consoleLog: Log = {
  info: (m) => console.log(`${new Date().toISOString()} ${m}`),
  warn: (m) => console.warn(`${new Date().toISOString()} warning: ${m}`),
  error: (m, e) => console.error(`${new Date().toISOString()} error: ${m}`, e ?? ''),
}

/** Drops everything (tests). */
export const silentLog: Log = { info() {}, warn() {}, error() {} }
