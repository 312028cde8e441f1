/**
 * Wires a service's clients from its config: Mongo, Redis, RabbitMQ, auth and rate limits are each
 * registered when the service's config schema has their variables, unless a feature is switched off
 * explicitly (`features: { rateLimit: false }`); the cache is switched on explicitly. Registered
 * inside the service's own plugin, so every service (and each of several in one test process) keeps its own clients.
 */
import type { FastifyInstance } from 'fastify'
import type { IndexPlan } from './mongo.js'
import { mongo } from './mongo.js'
import { redis } from './redis.js'
import { cacheAside } from './cache-aside.js'
import { amqpPlugin, type Topology } from './amqp.js'
import { auth } from './auth.js'
import { rateLimits } from './rate-limit.js'
import { healthRoutes } from './health-routes.js'

export interface KitConfig {
  MONGODB_URL?: string
  MONGODB_DB?: string
  MONGODB_POOL_SIZE?: number
  REDIS_URL?: string
  CACHE_TTL_SECONDS?: number
  CACHE_ENABLED?: boolean
  AMQP_URL?: string
  JWT_SECRET?: string
  JWT_ACCESS_TTL_SECONDS?: number
  RATE_LIMIT_MAX?: number
  RATE_LIMIT_WINDOW_SECONDS?: number
  RATE_LIMIT_NAMESPACE?: string
}

export interface KitFeatures {
  /** Cache-aside on top of Redis (off unless asked for). */
  cache?: boolean
  /** Per-client rate limits from RATE_LIMIT_* (on when configured); off for processes with no public routes. */
  rateLimit?: boolean
  /** Verifies access tokens with JWT_SECRET (on when configured). */
  auth?: boolean
}

export interface ServiceKitOptions {
  service: string
  /** Public path prefix behind the ingress, where health answers too; none for a process with no public API. */
  publicPrefix?: string
  config: KitConfig
  /** Every collection's indexes, ensured at start (declared in the service's `indexes.ts`). */
  indexes?: IndexPlan
  topology?: Topology
  features?: KitFeatures
}

export async function serviceKit(fastify: FastifyInstance, options: ServiceKitOptions) {
  const { config, service } = options
  const features = { cache: false, rateLimit: true, auth: true, ...options.features }
  if (config.MONGODB_URL) {
    await fastify.register(mongo, {
      url: config.MONGODB_URL,
      dbName: config.MONGODB_DB ?? `prost_${service}`,
      poolSize: config.MONGODB_POOL_SIZE,
      indexes: options.indexes,
    })
  }
  if (config.REDIS_URL) {
    await fastify.register(redis, { url: config.REDIS_URL })
    if (features.cache) {
      await fastify.register(cacheAside, {
        namespace: service,
        defaultTtlSeconds: config.CACHE_TTL_SECONDS ?? 60,
        enabled: config.CACHE_ENABLED !== false,
      })
    }
  }
  if (config.AMQP_URL) {
    await fastify.register(amqpPlugin, {
      url: config.AMQP_URL,
      topology: options.topology,
      connectionName: service,
    })
  }
  if (config.JWT_SECRET && features.auth) {
    await fastify.register(auth, {
      secret: config.JWT_SECRET,
      accessTtlSeconds: config.JWT_ACCESS_TTL_SECONDS ?? 900,
    })
  }
  if (config.RATE_LIMIT_MAX && features.rateLimit) {
    await fastify.register(rateLimits, {
      max: config.RATE_LIMIT_MAX,
      windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS ?? 60,
      nameSpace: config.RATE_LIMIT_NAMESPACE ? `${config.RATE_LIMIT_NAMESPACE}:${service}` : service,
    })
  }
  // Health on the public path too, so it can be checked through the ingress.
  if (options.publicPrefix) await fastify.register(healthRoutes, { service, prefix: options.publicPrefix })
}
