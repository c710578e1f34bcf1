import { ApiError } from '../errors'
import { type Limits, TokenBucket } from '../limits'

/** Admits heavy requests (exports, comparisons, redlines, imports) per
 *  invitation: a sustained rate, a burst, and a few at once. One observer
 *  looping Word exports then waits its turn (429 with Retry-After) instead
 *  of taking the CPU every room's sync needs. */
export class HeavyWork {
  private readonly buckets = new Map<string, TokenBucket>()
  private readonly running = new Map<string, number>()

  constructor(private readonly limits: Pick<Limits, 'heavyPerMinute' | 'heavyBurst' | 'heavyConcurrent'>) {}

  /** Admits one request for `who` or throws a 429 ApiError; returns the
   *  function to call when it is done. */
  admit(who: string): () => void {
    const now = this.running.get(who) ?? 0
    if (now >= this.limits.heavyConcurrent)
      throw new ApiError(
        429,
        'too-many-requests',
        `${now} exports or comparisons of yours are still running: wait for them to finish`,
      )
    let bucket = this.buckets.get(who)
    if (!bucket) {
      bucket = new TokenBucket(this.limits.heavyPerMinute / 60, this.limits.heavyBurst)
      this.buckets.set(who, bucket)
    }
    if (!bucket.take())
      throw new ApiError(
        429,
        'too-many-requests',
        `more than ${this.limits.heavyPerMinute} exports, comparisons or imports a minute: try again in a few seconds`,
      )
    this.running.set(who, now + 1)
    let done = false
    return () => {
      if (done) return
      done = true
      const left = (this.running.get(who) ?? 1) - 1
      if (left > 0) this.running.set(who, left)
      else this.running.delete(who)
    }
  }
}
