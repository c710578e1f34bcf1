/** Waiting on events, never on fixed sleeps: `until` re-checks a condition
 *  each time something it subscribed to fires, and fails with `label` after
 *  `timeoutMs` (a safety net, not a timing assertion). */
export function until<T>(
  check: () => T | undefined | null | false,
  subscribe: (wake: () => void) => () => void,
  label: string,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false
    let unsubscribe: () => void = () => {}
    const finish = (fn: () => void) => {
      if (done) return
      done = true
      clearTimeout(timer)
      unsubscribe()
      fn()
    }
    const wake = () => {
      let value: T | undefined | null | false
      try {
        value = check()
      } catch (e) {
        return finish(() => reject(e))
      }
      if (value) finish(() => resolve(value as T))
    }
    const timer = setTimeout(() => finish(() => reject(new Error(`timed out waiting for ${label}`))), timeoutMs)
    unsubscribe = subscribe(wake)
    wake()
  })
}

/** Something with on/off listeners (Y.Doc, providers, awareness). */
export interface Observable {
  on(event: string, fn: (...args: never[]) => void): unknown
  off(event: string, fn: (...args: never[]) => void): unknown
}

/** Subscribes `wake` to events on several emitters. */
export function on(pairs: [Observable, string][]): (wake: () => void) => () => void {
  return (wake) => {
    for (const [target, event] of pairs) target.on(event, wake)
    return () => {
      for (const [target, event] of pairs) target.off(event, wake)
    }
  }
}

/** A set of waiters to wake when something happens: `notify()` where it
 *  happens, and pass `subscribe` to `until`. */
export class Wakeups {
  private readonly waiters = new Set<() => void>()

  notify(): void {
    for (const wake of this.waiters) wake()
  }

  readonly subscribe = (wake: () => void): (() => void) => {
    this.waiters.add(wake)
    return () => {
      this.waiters.delete(wake)
    }
  }
}
