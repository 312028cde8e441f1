/**
 * Per-account brute-force guard: failed password logins are counted per email in Redis (shared by
 * every replica), and after MAX_FAILURES within the window the email is locked, whichever IP asks.
 * Redis is protection here, not correctness: when it fails, logins go on (fail open) and it is logged.
 * Keys hold a hash of the email, not the email.
 */
import fp from 'fastify-plugin'
import { createHash } from 'node:crypto'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'

export const MAX_FAILURES = 5
export const FAILURE_WINDOW_SECONDS = 15 * 60

export interface LoginThrottle {
  /** Seconds until `email` may try again; 0 when it is not locked. */
  lockedFor(email: string): Promise<number>
  recordFailure(email: string): Promise<void>
  reset(email: string): Promise<void>
}

export function createLoginThrottle(redis: FastifyInstance['redis'], log: FastifyBaseLogger): LoginThrottle {
  const keyFor = (email: string) =>
    `prost:accounts:login-failures:${createHash('sha256').update(email).digest('hex')}`

  async function failOpen<T>(what: string, fallback: T, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (err) {
      log.error({ err }, `login throttle unavailable (${what}); allowing the attempt`)
      return fallback
    }
  }

  return {
    lockedFor: (email) =>
      failOpen('check', 0, async () => {
        const key = keyFor(email)
        const [count, ttl] = results(await redis.multi().get(key).ttl(key).exec())
        if (Number(count ?? 0) < MAX_FAILURES) return 0
        return Number(ttl) > 0 ? Number(ttl) : FAILURE_WINDOW_SECONDS
      }),

    recordFailure: (email) =>
      failOpen('count', undefined, async () => {
        const key = keyFor(email)
        // The window starts at the first failure (SET NX EX); INCR keeps the expiry.
        results(await redis.multi().set(key, 0, 'EX', FAILURE_WINDOW_SECONDS, 'NX').incr(key).exec())
      }),

    reset: (email) =>
      failOpen('reset', undefined, async () => {
        await redis.del(keyFor(email))
      }),
  }
}

/** Replies of a MULTI, or the first command's error. */
function results(replies: [Error | null, unknown][] | null): unknown[] {
  if (!replies) throw new Error('redis transaction was aborted')
  return replies.map(([error, reply]) => {
    if (error) throw error
    return reply
  })
}

declare module 'fastify' {
  interface FastifyInstance {
    loginThrottle: LoginThrottle
  }
}

export const loginThrottle = fp(
  async function loginThrottle(fastify: FastifyInstance) {
    fastify.decorate('loginThrottle', createLoginThrottle(fastify.redis, fastify.log))
  },
  { name: 'accounts-login-throttle', dependencies: ['redis'] },
)
