/**
 * Redis through ioredis, configured to fail fast: commands error at once while Redis is away
 * (no offline queue), so callers such as the cache can fall back instead of waiting.
 * Redis is an optimisation here, never required for correctness: start-up does not wait for it.
 */
import fp from 'fastify-plugin'
import { Redis } from 'ioredis'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { registerReadinessCheck } from './readiness.js'

export interface RedisOptions {
  url: string
  /** Per-command timeout; a slow Redis must not slow requests down. */
  commandTimeoutMs?: number
}

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis
  }
}

export function createRedisClient(url: string, log: FastifyBaseLogger, commandTimeoutMs = 500): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 6), 5000),
    // Commands issued in the same event-loop turn leave in one socket write. A vote sends ~10 small
    // commands (rate limits, stamps, locks, marks); written one by one, the writes alone were ~17 %
    // of a busy voting replica's CPU under load.
    enableAutoPipelining: true,
  })
  let lastLogged = 0
  client.on('error', (error: Error) => {
    // ioredis emits on every reconnect attempt; one line per 10 s is enough to be noticed.
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now()
      log.error({ err: error }, 'redis unavailable; serving without cache')
    }
  })
  client.on('ready', () => {
    if (lastLogged) log.info('redis is back')
    lastLogged = 0
  })
  return client
}

export const redis = fp<RedisOptions>(
  async function redis(fastify: FastifyInstance, options) {
    const client = createRedisClient(options.url, fastify.log, options.commandTimeoutMs)
    await client.connect().catch((error: Error) => {
      fastify.log.warn({ err: error }, 'redis not reachable at start; continuing, it will be retried')
    })
    fastify.decorate('redis', client)
    registerReadinessCheck(fastify, 'redis', () => client.ping(), { critical: false })
    fastify.addHook('onClose', async () => {
      client.disconnect()
    })
  },
  { name: 'redis', fastify: '5.x' },
)
