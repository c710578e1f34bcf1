/** The value, or an error naming what is missing. For values the caller's own logic guarantees (a child the
 *  schema requires, a key set a line above), so a miss is a bug in the caller rather than bad input. */
export function present<T>(value: T | null | undefined, what = 'a value'): T {
  if (value === null || value === undefined) throw new Error(`rolling-text bug: ${what} is missing`)
  return value
}
