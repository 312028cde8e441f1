/**
 * The per-group message budget every card post and edit spends first: Telegram allows about 20
 * messages a minute in one group, shared by every card in it and by every notifications replica, so
 * the budget lives in Redis. Two rules: never more than `perMinute` in any 60 s window (a sorted set
 * of send times), and sends at least 60 s / perMinute apart, so a burst of votes is spread over the
 * minute (one edit every 3 s showing everything so far) instead of spending the whole minute's budget
 * in its first seconds and leaving the card stale for the rest. A 429 pauses the group for
 * retry_after. Without Redis the same rules run in-process (then per replica).
 */
import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { FastifyBaseLogger } from 'fastify'
import { sleep } from '../reminders/send-rate.js'

const WINDOW_MS = 60_000

// KEYS: sent (zset), next (earliest next send), pause. ARGV: limit, spacing ms, member.
// Returns 0 when a send was reserved, else how many ms to wait before asking again.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local p = tonumber(redis.call('GET', KEYS[3]) or '0')
if p > now then return p - now end
local n = tonumber(redis.call('GET', KEYS[2]) or '0')
if n > now then return n - now end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ${WINDOW_MS})
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + ${WINDOW_MS} + 1 - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ${WINDOW_MS + 1000})
redis.call('SET', KEYS[2], now + tonumber(ARGV[2]), 'PX', ${WINDOW_MS})
return 0
`
// KEYS: pause. ARGV: ms.
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local p = tonumber(redis.call('GET', KEYS[1]) or '0')
if now + tonumber(ARGV[1]) > p then redis.call('SET', KEYS[1], now + tonumber(ARGV[1]), 'PX', tonumber(ARGV[1]) + 1000) end
return 0
`

export interface GroupBudgetOptions {
  perMinute: number
  redis: Redis | undefined
  /** Namespaces the keys (tests use their own). */
  keyPrefix: string
  log: FastifyBaseLogger
}

export function createGroupBudget({ perMinute, redis, keyPrefix, log }: GroupBudgetOptions) {
  const spacingMs = Math.ceil(WINDOW_MS / perMinute)
  const local = new Map<number, { sent: number[]; next: number; pausedUntil: number }>()
  let warnedAt = 0
  const key = (chatId: number, part: string) => `notifications:cards:${keyPrefix}${chatId}:${part}`

  function reserveLocally(chatId: number): number {
    const now = Date.now()
    const entry = local.get(chatId) ?? { sent: [], next: 0, pausedUntil: 0 }
    local.set(chatId, entry)
    if (entry.pausedUntil > now) return entry.pausedUntil - now
    if (entry.next > now) return entry.next - now
    entry.sent = entry.sent.filter((at) => at > now - WINDOW_MS)
    if (entry.sent.length >= perMinute) return entry.sent[0]! + WINDOW_MS + 1 - now
    entry.sent.push(now)
    entry.next = now + spacingMs
    return 0
  }

  async function reserve(chatId: number): Promise<number> {
    if (redis && redis.status === 'ready') {
      try {
        const wait = await redis.eval(
          RESERVE,
          3,
          key(chatId, 'sent'),
          key(chatId, 'next'),
          key(chatId, 'pause'),
          perMinute,
          spacingMs,
          randomUUID(),
        )
        return Number(wait)
      } catch (error) {
        if (Date.now() - warnedAt > 10_000) {
          warnedAt = Date.now()
          log.warn({ err: error }, 'group message budget not shared: redis unavailable')
        }
      }
    }
    return reserveLocally(chatId)
  }

  return {
    /** Resolves once one message to this group fits its budget (and spends it). */
    async acquire(chatId: number, signal?: AbortSignal) {
      for (;;) {
        const wait = await reserve(chatId)
        if (wait <= 0 || signal?.aborted) return
        await sleep(wait, signal)
      }
    },
    /** Telegram answered 429: nothing goes to this group for `ms`. */
    async pause(chatId: number, ms: number) {
      const entry = local.get(chatId) ?? { sent: [], next: 0, pausedUntil: 0 }
      entry.pausedUntil = Math.max(entry.pausedUntil, Date.now() + ms)
      local.set(chatId, entry)
      if (redis && redis.status === 'ready') {
        await redis.eval(PAUSE, 1, key(chatId, 'pause'), Math.ceil(ms)).catch(() => undefined)
      }
    },
  }
}
export type GroupBudget = ReturnType<typeof createGroupBudget>
