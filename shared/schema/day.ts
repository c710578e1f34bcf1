/** Whether `value` is a day that exists, written `YYYY-MM-DD`: `2024-02-29`
 *  is one, `2024-02-31` is not (Date.parse would roll it into March). */
export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}
