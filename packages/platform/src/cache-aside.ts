/**
 * Cache-aside over Redis: get-or-load with a TTL, explicit invalidation, single-flight (concurrent
 * misses for a key share one load) and fail-open (Redis errors are logged, the loader's value served).
 */
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'

export interface CacheOptions {
  redis: Redis
  log: FastifyBaseLogger
  /** Key prefix, e.g. "events"; keys become "<namespace>:<key>". */
  namespace: string
  defaultTtlSeconds: number
  /** Off switch for benchmarks and emergencies: every read goes to the loader. */
  enabled?: boolean
}

export interface CacheStats {
  hits: number
  misses: number
  loads: number
  errors: number
}

export class CacheAside {
  private readonly inflight = new Map<string, Promise<unknown>>()
  /** Bumped by invalidate, so a load that started before it does not write a stale value back. */
  private readonly generation = new Map<string, number>()
  readonly stats: CacheStats = { hits: 0, misses: 0, loads: 0, errors: 0 }
  private lastErrorLog = 0

  constructor(private readonly options: CacheOptions) {}

  private key(key: string) {
    return `${this.options.namespace}:${key}`
  }

  async getOrLoad<T>(
    key: string,
    loader: () => Promise<T>,
    ttlSeconds = this.options.defaultTtlSeconds,
  ): Promise<T> {
    if (this.options.enabled === false) return loader()
    const fullKey = this.key(key)
    const running = this.inflight.get(fullKey)
    if (running) return running as Promise<T>
    const flight = this.readThrough(fullKey, loader, ttlSeconds).finally(() => {
      if (this.inflight.get(fullKey) === flight) this.inflight.delete(fullKey)
    })
    this.inflight.set(fullKey, flight)
    return flight
  }

  private async readThrough<T>(fullKey: string, loader: () => Promise<T>, ttlSeconds: number): Promise<T> {
    const cached = await this.safely(() => this.options.redis.get(fullKey))
    if (typeof cached === 'string') {
      this.stats.hits++
      return JSON.parse(cached) as T
    }
    this.stats.misses++
    const generation = this.generation.get(fullKey) ?? 0
    this.stats.loads++
    const value = await loader()
    // null/undefined (not found) is not cached: a record created a moment later must show up.
    if (value !== null && value !== undefined && (this.generation.get(fullKey) ?? 0) === generation) {
      await this.safely(() => this.options.redis.set(fullKey, JSON.stringify(value), 'EX', ttlSeconds))
    }
    return value
  }

  /** Drops the given keys from Redis and from any load in flight in this process. */
  async invalidate(...keys: string[]) {
    if (keys.length === 0) return
    const fullKeys = keys.map((k) => this.key(k))
    for (const fullKey of fullKeys) {
      this.generation.set(fullKey, (this.generation.get(fullKey) ?? 0) + 1)
      this.inflight.delete(fullKey)
    }
    await this.safely(() => this.options.redis.del(...fullKeys))
  }

  private async safely<T>(command: () => Promise<T>): Promise<T | undefined> {
    try {
      return await command()
    } catch (error) {
      this.stats.errors++
      if (Date.now() - this.lastErrorLog > 10_000) {
        this.lastErrorLog = Date.now()
        this.options.log.error({ err: error }, 'cache unavailable; serving from the database')
      }
      return undefined
    }
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    cache: CacheAside
  }
}

export const cacheAside = fp<Omit<CacheOptions, 'redis' | 'log'>>(
  async function cacheAside(fastify: FastifyInstance, options) {
    fastify.decorate('cache', new CacheAside({ ...options, redis: fastify.redis, log: fastify.log }))
  },
  { name: 'cache-aside', fastify: '5.x', dependencies: ['redis'] },
)
