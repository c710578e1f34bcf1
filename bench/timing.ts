/** Runs `work` once to warm up, then `runs` times; returns the median wall
 *  time in milliseconds and the last result. */
export function timeRuns<T>(runs: number, work: () => T): { median: number; last: T } {
  let last = work()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    last = work()
    times.push(performance.now() - start)
  }
  return { median: median(times), last }
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Prints a measurement as one JSON line, with the process's peak memory. */
export function report(values: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ ...values, peakMB: process.resourceUsage().maxRSS / 1024 })}\n`)
}
