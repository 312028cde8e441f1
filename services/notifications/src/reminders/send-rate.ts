/**
 * Paces outgoing messages: at most SEND_RATE_PER_SECOND overall and one per SEND_CHAT_INTERVAL_MS
 * per chat, in Redis, so every worker replica shares the same budget; when Redis is unreachable it
 * falls back to an in-process schedule (then each replica keeps its own budget). A 429 pauses everyone.
 *
 * Two steps, because a delivery's bookkeeping writes sit between deciding when it goes and the HTTP call:
 * - `acquire` reserves the next slot of an evenly spaced schedule (a token bucket of depth one) and the
 *   chat's next slot, before the writes: that is what spreads sends evenly and keeps the pipeline in order.
 * - `depart`, right before the HTTP call, checks the actual departures against Telegram's own rule, a
 *   sliding one-second window: at most ⌊rate⌋ in any window (one less than Telegram's 30 at the default
 *   29, the slack that absorbs arrival jitter), at least half an interval apart, and the chat's interval
 *   after its last actual departure (its reserved slot may have left late). A send that left its slot
 *   late (a slow write, a stalled event loop) may then catch up, but only into room the window really
 *   has, so lateness is neither lost budget nor a burst Telegram would refuse.
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
// KEYS: departures (newest first), pause, the chat's last departure. ARGV: most per window, window ms,
// least gap ms, chat interval ms. Records a departure now and returns 0, or returns ms to wait.
const DEPART = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local most, window, gap, chat = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local wait = tonumber(redis.call('GET', KEYS[2]) or '0') - now
wait = math.max(wait, tonumber(redis.call('GET', KEYS[3]) or '0') + chat - now)
local recent = redis.call('LRANGE', KEYS[1], 0, most - 1)
if #recent > 0 then wait = math.max(wait, tonumber(recent[1]) + gap - now) end
if #recent >= most then wait = math.max(wait, tonumber(recent[most]) + window - now) end
if wait > 0 then return math.ceil(wait) end
redis.call('LPUSH', KEYS[1], string.format('%.3f', now))
redis.call('LTRIM', KEYS[1], 0, most - 1)
redis.call('PEXPIRE', KEYS[1], math.ceil(window) + 1000)
if chat > 0 then redis.call('SET', KEYS[3], string.format('%.3f', now), 'PX', math.ceil(chat) + 1000) end
return 0
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
  /** The departure window: at most `windowMost` sends in any `windowMs`, `leastGapMs` apart. */
  private readonly windowMost: number
  private readonly windowMs: number
  private readonly leastGapMs: number
  private nextGlobal = 0
  private pausedUntil = 0
  /** This process's recent departures, newest first (the in-process fallback's window). */
  private readonly departures: number[] = []
  private readonly departedPerChat = new Map<string, number>()
  /** One departure decided at a time per process, in arrival order; the rest queue behind it. */
  private departing: Promise<unknown> = Promise.resolve()
  private readonly nextPerChat = new Map<string, number>()
  private redisWarned = 0
  mode: 'redis' | 'in-process'

  constructor(private readonly options: SendRateOptions) {
    this.globalIntervalMs = 1000 / options.perSecond
    this.windowMost = Math.max(1, Math.floor(options.perSecond))
    this.windowMs = (1000 * this.windowMost) / options.perSecond
    this.leastGapMs = this.globalIntervalMs / 2
    this.mode = options.redis ? 'redis' : 'in-process'
  }

  /** Resolves when this chat may be sent one message. */
  async acquire(chat: string, signal?: AbortSignal) {
    const waitMs = await this.reserve(chat)
    if (waitMs > 0) await sleep(waitMs, signal)
  }

  /**
   * Right before the HTTP call: resolves once this send fits the departure window, recording it, or
   * answers false if `signal` aborted first (nothing was recorded: the caller must not send).
   */
  depart(chat: string, signal?: AbortSignal): Promise<boolean> {
    const turn = this.departing.then(async () => {
      for (;;) {
        if (signal?.aborted) return false
        const waitMs = await this.tryDepart(chat)
        if (waitMs <= 0) return true
        await sleep(waitMs, signal)
      }
    })
    this.departing = turn.catch(() => undefined)
    return turn
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

  /** 0 when the send may leave now (and is recorded), else ms to wait before asking again. */
  private async tryDepart(chat: string): Promise<number> {
    // This process's own pause too: its 429 may not have reached Redis.
    const paused = this.pausedUntil - Date.now()
    if (paused > 0) return paused
    const { redis } = this.options
    if (redis && redis.status === 'ready') {
      try {
        const wait = await redis.eval(
          DEPART,
          3,
          this.key('departures'),
          this.key('pause'),
          this.key(`departed:${chat}`),
          this.windowMost,
          this.windowMs,
          this.leastGapMs,
          this.options.chatIntervalMs,
        )
        this.mode = 'redis'
        return Number(wait)
      } catch (error) {
        this.warnFallback(error)
      }
    }
    this.mode = 'in-process'
    return this.departLocally(chat)
  }

  private departLocally(chat: string) {
    const now = Date.now()
    const recent = this.departures
    let wait =
      Math.max(
        this.pausedUntil,
        (this.departedPerChat.get(chat) ?? -Infinity) + this.options.chatIntervalMs,
      ) - now
    if (recent.length > 0) wait = Math.max(wait, recent[0]! + this.leastGapMs - now)
    if (recent.length >= this.windowMost)
      wait = Math.max(wait, recent[this.windowMost - 1]! + this.windowMs - now)
    if (wait > 0) return Math.ceil(wait)
    recent.unshift(now)
    recent.length = Math.min(recent.length, this.windowMost)
    this.departedPerChat.set(chat, now)
    if (this.departedPerChat.size > 10_000) {
      for (const [key, at] of this.departedPerChat)
        if (at + this.options.chatIntervalMs < now) this.departedPerChat.delete(key)
    }
    return 0
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
