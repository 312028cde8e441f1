/**
 * Paces outgoing messages: at most SEND_RATE_PER_SECOND overall and one per SEND_CHAT_INTERVAL_MS
 * per chat. Each send reserves the next free slot (a token bucket of depth one, i.e. strict spacing)
 * in Redis, so every worker replica shares the same budget; when Redis is unreachable it falls back to
 * an in-process schedule (then each replica keeps its own budget). A 429 pauses everyone.
 */
import type { Redis } from 'ioredis'
import type { FastifyBaseLogger } from 'fastify'

// KEYS: global, chat, pause. ARGV: global interval ms, chat interval ms. Returns ms to wait.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local g = tonumber(redis.call('GET', KEYS[1]) or '0')
local c = tonumber(redis.call('GET', KEYS[2]) or '0')
local p = tonumber(redis.call('GET', KEYS[3]) or '0')
local slot = math.max(now, g, c, p)
redis.call('SET', KEYS[1], slot + tonumber(ARGV[1]), 'PX', 60000)
redis.call('SET', KEYS[2], slot + tonumber(ARGV[2]), 'PX', 60000)
return slot - now
`
// KEYS: pause. ARGV: pause ms.
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local p = tonumber(redis.call('GET', KEYS[1]) or '0')
local untilMs = now + tonumber(ARGV[1])
if untilMs > p then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]) + 1000) end
return untilMs
`

export interface SendRateOptions {
  perSecond: number
  chatIntervalMs: number
  redis?: Redis
  keyPrefix: string
  log: FastifyBaseLogger
}

export class SendRateLimiter {
  private readonly globalIntervalMs: number
  private nextGlobal = 0
  private pausedUntil = 0
  private lastSendAt = 0
  private readonly nextPerChat = new Map<string, number>()
  private redisWarned = 0
  mode: 'redis' | 'in-process'

  constructor(private readonly options: SendRateOptions) {
    this.globalIntervalMs = 1000 / options.perSecond
    this.mode = options.redis ? 'redis' : 'in-process'
  }

  /** Resolves when this chat may be sent one message. */
  async acquire(chat: string, signal?: AbortSignal) {
    const waitMs = await this.reserve(chat)
    if (waitMs > 0) await sleep(waitMs, signal)
  }

  /**
   * Right before the HTTP call: this process's sends leave at least one global interval apart.
   * Slots are reserved before the delivery's bookkeeping writes, whose latency varies; without this
   * a slow write followed by quick ones lets several sends leave together, and Telegram, which counts
   * arrivals, answers 429 (which pauses everyone). Only smooths; the budget itself is `acquire`'s.
   */
  async beforeSend(signal?: AbortSignal) {
    const now = Date.now()
    const at = Math.max(now, this.lastSendAt + this.globalIntervalMs)
    this.lastSendAt = at
    if (at > now) await sleep(at - now, signal)
  }

  /** Telegram said 429: nobody sends for `ms`. */
  async pause(ms: number) {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms)
    if (this.options.redis) {
      await this.options.redis.eval(PAUSE, 1, this.key('pause'), Math.ceil(ms)).catch(() => undefined)
    }
  }

  private key(name: string) {
    return `notifications:rate:${this.options.keyPrefix}${name}`
  }

  private async reserve(chat: string): Promise<number> {
    const { redis } = this.options
    if (redis && redis.status === 'ready') {
      try {
        const wait = await redis.eval(
          RESERVE,
          3,
          this.key('global'),
          this.key(`chat:${chat}`),
          this.key('pause'),
          this.globalIntervalMs,
          this.options.chatIntervalMs,
        )
        this.mode = 'redis'
        return Math.max(Number(wait), this.pausedUntil - Date.now())
      } catch (error) {
        this.warnFallback(error)
      }
    } else if (redis) {
      this.warnFallback(new Error(`redis is ${redis.status}`))
    }
    this.mode = 'in-process'
    return this.reserveLocally(chat)
  }

  private reserveLocally(chat: string) {
    const now = Date.now()
    const slot = Math.max(now, this.nextGlobal, this.nextPerChat.get(chat) ?? 0, this.pausedUntil)
    this.nextGlobal = slot + this.globalIntervalMs
    this.nextPerChat.set(chat, slot + this.options.chatIntervalMs)
    if (this.nextPerChat.size > 10_000) {
      for (const [key, next] of this.nextPerChat) if (next < now) this.nextPerChat.delete(key)
    }
    return slot - now
  }

  private warnFallback(error: unknown) {
    if (Date.now() - this.redisWarned > 10_000) {
      this.redisWarned = Date.now()
      this.options.log.warn(
        { err: error },
        'send-rate budget not shared: redis unavailable, pacing in-process',
      )
    }
  }
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
