/**
 * Wires a service's clients from its config: Mongo, Redis (+ cache-aside), RabbitMQ, auth and rate
 * limits are each registered when the service's config schema has their variables. Registered inside
 * the service's own plugin, so in all-in-one mode every service keeps its own clients.
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
}

export interface ServiceKitOptions {
  service: string
  publicPrefix: string
  config: KitConfig
  indexes?: IndexPlan
  topology?: Topology
  /** Whether to wire the cache-aside helper on top of Redis. */
  cache?: boolean
}

export async function serviceKit(fastify: FastifyInstance, options: ServiceKitOptions) {
  const { config, service } = options
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
    if (options.cache) {
      await fastify.register(cacheAside, {
        namespace: service,
        defaultTtlSeconds: config.CACHE_TTL_SECONDS ?? 60,
        enabled: config.CACHE_ENABLED !== false,
      })
    }
  }
  if (config.AMQP_URL) {
    await fastify.register(amqpPlugin, { url: config.AMQP_URL, topology: options.topology, connectionName: service })
  }
  if (config.JWT_SECRET) {
    await fastify.register(auth, { secret: config.JWT_SECRET, accessTtlSeconds: config.JWT_ACCESS_TTL_SECONDS ?? 900 })
  }
  if (config.RATE_LIMIT_MAX) {
    await fastify.register(rateLimits, {
      max: config.RATE_LIMIT_MAX,
      windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS ?? 60,
      nameSpace: service,
    })
  }
  // Health on the public path too, so it can be checked through the ingress.
  await fastify.register(healthRoutes, { service, prefix: options.publicPrefix })
}
