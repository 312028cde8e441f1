/**
 * Paces outgoing messages: at most SEND_RATE_PER_SECOND overall and one per SEND_CHAT_INTERVAL_MS
 * per chat, in Redis, so every worker replica shares the same budget; when Redis is unreachable it
 * falls back to an in-process schedule (then each replica keeps its own budget). A 429 pauses everyone.
 *
 * Three steps, because a delivery's bookkeeping writes sit between deciding when it goes and the HTTP
 * call, and because what Telegram counts is when a message arrives, which only the answer bounds:
 * - `acquire` reserves the next slot of an evenly spaced schedule (a token bucket of depth one) and the
 *   chat's next slot, before the writes: that is what spreads sends evenly and keeps the pipeline in order.
 * - `depart`, right before the HTTP call, checks Telegram's own rule, a sliding one-second window of at
 *   most ⌊rate⌋ messages, against what may have arrived in it: every message still in flight, and every
 *   one answered less than a window ago. A message arrives between its departure and its answer, so a
 *   departure admitted this way can never make a window of arrivals hold more than ⌊rate⌋, however
 *   late the event loop or the network delivers it (a late send used to land a 31st message in
 *   Telegram's second and cost everyone a one-second pause). Departures also stay half an interval
 *   apart, and the chat's interval after its last actual departure (its reserved slot may have left late).
 * - `Departure.answered()`, once the HTTP call has returned (whatever it returned), starts the
 *   message's last window. A departure never answered (its worker died) counts as in flight for
 *   `flightMs`, a little over the Bot API client's timeout.
 * The price is the round trip: about ⌊rate⌋ × 1000 / (1000 + round trip ms) messages per second, 29.7
 * at the default 30 with a 10 ms round trip, 27.3 with 100 ms.
 */
import { randomUUID } from 'node:crypto'
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
// KEYS: the window (a sorted set: departure id → when it was answered, or when it stops counting as
// in flight), the last departure, pause, the chat's last departure. ARGV: most per window, window ms,
// least gap ms, chat interval ms, flight ms, departure id. Records the departure and returns 0, or
// returns ms to wait.
const DEPART = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local most, window, gap, chat, flight = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local wait = tonumber(redis.call('GET', KEYS[3]) or '0') - now
wait = math.max(wait, tonumber(redis.call('GET', KEYS[4]) or '0') + chat - now)
wait = math.max(wait, tonumber(redis.call('GET', KEYS[2]) or '0') + gap - now)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('(%.3f', now - window))
if redis.call('ZCARD', KEYS[1]) >= most then
  local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
  -- Answered: it leaves the window a window after its answer; all in flight: ask again in a gap.
  if oldest <= now then wait = math.max(wait, oldest + window - now) else wait = math.max(wait, gap) end
end
if wait > 0 then return math.ceil(wait) end
redis.call('ZADD', KEYS[1], string.format('%.3f', now + flight), ARGV[6])
redis.call('PEXPIRE', KEYS[1], math.ceil(window + flight))
redis.call('SET', KEYS[2], string.format('%.3f', now), 'PX', math.ceil(window) + 1000)
if chat > 0 then redis.call('SET', KEYS[4], string.format('%.3f', now), 'PX', math.ceil(chat) + 1000) end
return 0
`
// KEYS: the window. ARGV: departure id. The departure's last window starts now (if it is still there).
const ANSWERED = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], 'XX', string.format('%.3f', tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000), ARGV[1])
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

/** A message on its way: tell the limiter once its HTTP call returned. */
export interface Departure {
  answered(): void
}

export interface SendRateOptions {
  perSecond: number
  chatIntervalMs: number
  redis?: Redis
  keyPrefix: string
  log: FastifyBaseLogger
  /** How long an unanswered departure counts as in flight: past the Bot API call's own timeout. */
  flightMs?: number
}

/** Where the budget is kept: shared in Redis, or this process's own while Redis is unreachable. */
type Mode = 'redis' | 'in-process'

export class SendRateLimiter {
  private readonly globalIntervalMs: number
  /** The departure window: at most `windowMost` sends in any `windowMs`, `leastGapMs` apart. */
  private readonly windowMost: number
  private readonly windowMs: number
  private readonly leastGapMs: number
  private nextGlobal = 0
  private pausedUntil = 0
  private readonly flightMs: number
  /** The in-process fallback's window: departure id → answered at, or when it stops counting as in flight. */
  private readonly window = new Map<string, number>()
  private lastDeparture = -Infinity
  private readonly departedPerChat = new Map<string, number>()
  /** One departure decided at a time per process, in arrival order; the rest queue behind it. */
  private departing: Promise<unknown> = Promise.resolve()
  private readonly nextPerChat = new Map<string, number>()
  private redisWarned = 0
  mode: Mode

  constructor(private readonly options: SendRateOptions) {
    this.globalIntervalMs = 1000 / options.perSecond
    this.windowMost = Math.max(1, Math.floor(options.perSecond))
    this.windowMs = (1000 * this.windowMost) / options.perSecond
    this.leastGapMs = this.globalIntervalMs / 2
    this.flightMs = options.flightMs ?? 120_000
    this.mode = options.redis ? 'redis' : 'in-process'
  }

  /** Resolves when this chat may be sent one message. */
  async acquire(chat: string, signal?: AbortSignal) {
    const waitMs = await this.reserve(chat)
    if (waitMs > 0) await sleep(waitMs, signal)
  }

  /**
   * Right before the HTTP call: resolves once this send fits the departure window, recording it, or
   * with null if `signal` aborted first (nothing was recorded: the caller must not send).
   */
  depart(chat: string, signal?: AbortSignal): Promise<Departure | null> {
    const turn = this.departing.then(async () => {
      const id = randomUUID()
      for (;;) {
        if (signal?.aborted) return null
        const { waitMs, where } = await this.tryDepart(chat, id)
        if (waitMs <= 0) return this.departure(id, where)
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

  /**
   * `waitMs` 0 when the send may leave now (and is recorded under `id` in the window `where` says),
   * else ms to wait before asking again.
   */
  private async tryDepart(chat: string, id: string): Promise<{ waitMs: number; where: Mode }> {
    // This process's own pause too: its 429 may not have reached Redis.
    const paused = this.pausedUntil - Date.now()
    if (paused > 0) return { waitMs: paused, where: this.mode }
    const { redis } = this.options
    if (redis && redis.status === 'ready') {
      try {
        const wait = await redis.eval(
          DEPART,
          4,
          this.key('window'),
          this.key('last-departure'),
          this.key('pause'),
          this.key(`departed:${chat}`),
          this.windowMost,
          this.windowMs,
          this.leastGapMs,
          this.options.chatIntervalMs,
          this.flightMs,
          id,
        )
        this.mode = 'redis'
        return { waitMs: Number(wait), where: 'redis' }
      } catch (error) {
        this.warnFallback(error)
      }
    }
    this.mode = 'in-process'
    return { waitMs: this.departLocally(chat, id), where: 'in-process' }
  }

  /**
   * The departure just recorded under `id` in the window `where` (which `mode` may no longer say:
   * another call may have switched it since).
   */
  private departure(id: string, where: Mode): Departure {
    const { redis } = this.options
    let open = true
    return {
      answered: () => {
        if (!open) return
        open = false
        if (where === 'in-process') {
          if (this.window.has(id)) this.window.set(id, Date.now())
          return
        }
        // Not awaited: a lost answer only keeps the slot until `flightMs`.
        void redis!
          .eval(ANSWERED, 1, this.key('window'), id)
          .catch((error: unknown) => this.warnFallback(error))
      },
    }
  }

  private departLocally(chat: string, id: string) {
    const now = Date.now()
    let wait =
      Math.max(
        this.pausedUntil,
        (this.departedPerChat.get(chat) ?? -Infinity) + this.options.chatIntervalMs,
        this.lastDeparture + this.leastGapMs,
      ) - now
    let oldest = Infinity
    for (const [other, at] of this.window) {
      if (at < now - this.windowMs) this.window.delete(other)
      else oldest = Math.min(oldest, at)
    }
    if (this.window.size >= this.windowMost)
      wait = Math.max(wait, oldest <= now ? oldest + this.windowMs - now : this.leastGapMs)
    if (wait > 0) return Math.ceil(wait)
    this.window.set(id, now + this.flightMs)
    this.lastDeparture = now
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
