/** Values kept by key up to a total size in bytes, the least recently used
 *  dropped first. For rendered files of frozen readings, which never change. */
export class ByteLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>()
  private total = 0

  constructor(private readonly maxBytes: number) {}

  /** The value under `key`, now the most recently used; undefined if none. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry.value
  }

  /** Keeps `value` (of `bytes` bytes) under `key`, dropping the least
   *  recently used values to make room; a value larger than the whole
   *  cache is not kept. */
  set(key: string, value: V, bytes: number): void {
    const old = this.entries.get(key)
    if (old) {
      this.entries.delete(key)
      this.total -= old.bytes
    }
    if (bytes > this.maxBytes) return
    for (const [oldest, entry] of this.entries) {
      if (this.total + bytes <= this.maxBytes) break
      this.entries.delete(oldest)
      this.total -= entry.bytes
    }
    this.entries.set(key, { value, bytes })
    this.total += bytes
  }

  /** Bytes held. */
  get size(): number {
    return this.total
  }
}
