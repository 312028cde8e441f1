import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import Fastify, { type FastifyInstance } from 'fastify'
import { privateRedis, uniqueName } from '@prost/test-support'
import { redis } from '../../src/redis.js'
import { cacheAside } from '../../src/cache-aside.js'
import { problemDetails } from '../../src/problem-details.js'

let server: Awaited<ReturnType<typeof privateRedis>>
let app: FastifyInstance
let loads = 0
let stored = 'v1'

beforeAll(async () => {
  server = await privateRedis()
  app = Fastify({ logger: { level: 'silent' } })
  await app.register(problemDetails)
  await app.register(redis, { url: server.url, commandTimeoutMs: 300 })
  await app.register(cacheAside, { namespace: uniqueName('kit'), defaultTtlSeconds: 60 })
  app.get('/value', async () => ({ value: await app.cache.getOrLoad('value', loadValue) }))
  await app.ready()
})
afterAll(async () => {
  await app.close()
  await server.stop()
})

async function loadValue() {
  loads++
  await new Promise((r) => setTimeout(r, 20))
  return stored
}

describe('cache-aside with a real Redis', () => {
  it('loads on a miss, then serves hits without loading', async () => {
    loads = 0
    expect(await app.cache.getOrLoad('a', loadValue)).toBe('v1')
    expect(await app.cache.getOrLoad('a', loadValue)).toBe('v1')
    expect(loads).toBe(1)
    expect(
      await app.redis.ttl(
        `${(app.cache as unknown as { options: { namespace: string } }).options.namespace}:a`,
      ),
    ).toBeGreaterThan(50)
  })

  it('invalidation makes the next read load again', async () => {
    loads = 0
    await app.cache.getOrLoad('b', loadValue)
    stored = 'v2'
    await app.cache.invalidate('b')
    expect(await app.cache.getOrLoad('b', loadValue)).toBe('v2')
    expect(loads).toBe(2)
    stored = 'v1'
  })

  it('100 concurrent misses cause one load (single-flight)', async () => {
    loads = 0
    const values = await Promise.all(Array.from({ length: 100 }, () => app.cache.getOrLoad('c', loadValue)))
    expect(new Set(values)).toEqual(new Set(['v1']))
    expect(loads).toBe(1)
  })

  it('does not cache "not found"', async () => {
    let calls = 0
    const missing = async () => {
      calls++
      return null
    }
    await app.cache.getOrLoad('missing', missing)
    await app.cache.getOrLoad('missing', missing)
    expect(calls).toBe(2)
  })

  it('serves from the loader while Redis is down, with no 5xx, and recovers when it is back', async () => {
    await app.inject({ url: '/value' }) // warm
    await server.stop()
    loads = 0
    stored = 'fresh-from-db'
    for (let i = 0; i < 20; i++) {
      const res = await app.inject({ url: '/value' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ value: 'fresh-from-db' })
    }
    expect(loads).toBe(20)
    expect(app.cache.stats.errors).toBeGreaterThan(0)

    const restarted = await server.restart()
    try {
      await vi.waitFor(async () => expect(await app.redis.ping()).toBe('PONG'), {
        timeout: 15_000,
        interval: 100,
      })
      loads = 0
      await app.inject({ url: '/value' })
      await app.inject({ url: '/value' })
      expect(loads).toBe(1) // the cache refilled and serves hits again
    } finally {
      await restarted.stop()
    }
  })
})
