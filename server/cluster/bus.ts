import { Redis } from 'ioredis'
import type { Log } from '../log'
import { type BusMessage, decodeBusMessage, encodeBusMessage } from './messages'

/** Redis pub/sub between the processes: one connection publishes, one
 *  subscribes. Both reconnect by themselves; once the subscriber is back
 *  (its channels subscribed again), `onReconnect` runs, since whatever was
 *  published meanwhile is lost to this process and it must catch up. */
export class RedisBus {
  private readonly pub: Redis
  private readonly sub: Redis
  private readonly handlers = new Map<string, (message: BusMessage) => void>()
  private everReady = false
  private down = false
  private closed = false
  /** Runs after the subscriber reconnected. */
  onReconnect: () => void = () => undefined
  /** What this process has published, by kind of message: how many, and
   *  their bytes (what the owner's fan-out costs; `/metrics` and tests). */
  readonly sent = new Map<BusMessage['type'], { messages: number; bytes: number }>()
  /** Told of each message published (the server's metrics). */
  onPublish: (type: BusMessage['type'], bytes: number) => void = () => undefined

  constructor(
    url: string,
    private readonly log: Log,
  ) {
    // Commands wait through an outage instead of failing after a few retries.
    const options = { maxRetriesPerRequest: null, enableAutoPipelining: true }
    this.pub = new Redis(url, options)
    this.sub = new Redis(url, options)
    this.sub.on('messageBuffer', (channel: Buffer, data: Buffer) => {
      const message = decodeBusMessage(data)
      if (message) this.handlers.get(channel.toString())?.(message)
    })
    this.sub.on('ready', () => {
      if (this.everReady) {
        this.log.info('redis: connected again; resynchronising the rooms')
        this.onReconnect()
      }
      this.everReady = true
      this.down = false
    })
    const lost = (e: Error) => {
      if (this.down) return
      this.down = true
      this.log.error(`redis: ${e.message}; retrying`)
    }
    this.pub.on('error', lost)
    this.sub.on('error', lost)
  }

  /** Resolves once both connections are up. */
  async ready(): Promise<void> {
    await Promise.all([this.pub.ping(), this.sub.ping()])
  }

  /** Sets `key` only if no process has (Redis `SET NX`), for `ttlSeconds`:
   *  true for the one caller that did. */
  async setOnce(key: string, ttlSeconds: number): Promise<boolean> {
    return (await this.pub.set(key, '1', 'EX', Math.max(1, Math.ceil(ttlSeconds)), 'NX')) === 'OK'
  }

  /** Publishes without waiting; a message lost in an outage is made good by
   *  the resynchronisation that follows it. */
  publish(channel: string, message: BusMessage): void {
    if (this.closed) return
    const data = encodeBusMessage(message)
    const tally = this.sent.get(message.type) ?? { messages: 0, bytes: 0 }
    tally.messages++
    tally.bytes += data.length
    this.sent.set(message.type, tally)
    this.onPublish(message.type, data.length)
    this.pub.publish(channel, data).catch((e: unknown) => {
      if (!this.closed) this.log.error(`redis: could not publish on ${channel}`, e)
    })
  }

  /** Hands every message on `channel` to `handler` (one handler a channel). */
  async subscribe(channel: string, handler: (message: BusMessage) => void): Promise<void> {
    this.handlers.set(channel, handler)
    await this.sub.subscribe(channel)
  }

  unsubscribe(channel: string): void {
    this.handlers.delete(channel)
    this.sub.unsubscribe(channel).catch(() => undefined)
  }

  async close(): Promise<void> {
    this.closed = true
    // quit lets what is queued go out first; a connection that is not up
    // would queue the quit itself for ever.
    const end = (r: Redis) => (r.status === 'ready' ? r.quit().then(() => undefined) : r.disconnect())
    await Promise.all([this.pub, this.sub].map((r) => Promise.resolve(end(r)).catch(() => undefined)))
  }
}

/** Publishes one message and disconnects (the command line telling the
 *  running processes about a revocation). */
export async function publishOnce(url: string, channel: string, message: BusMessage): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 5000 })
  redis.on('error', () => undefined)
  try {
    await redis.publish(channel, encodeBusMessage(message))
  } finally {
    redis.disconnect()
  }
}
