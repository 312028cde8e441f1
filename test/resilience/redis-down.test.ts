/**
 * Redis is an optimisation, never a dependency: the events service on a private Redis keeps answering
 * every read and write while that Redis is killed, and its cache fills again once Redis is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import {
  call,
  createPublicEvent,
  newEventBody,
  privateRedis,
  startService,
  userToken,
  type ServiceApp,
} from '@prost/test-support'
import { startLoad, summarize, type Load } from './load.js'

let redis: Awaited<ReturnType<typeof privateRedis>>
let restarted: { stop: () => Promise<void> | void } | undefined
let app: ServiceApp
let base: string
let load: Load | undefined

beforeAll(async () => {
  redis = await privateRedis()
  ;({ app, url: base } = await startService('events', { REDIS_URL: redis.url, RATE_LIMIT_MAX: '100000' }))
})

afterAll(async () => {
  await load?.stop()
  await app?.close()
  await restarted?.stop()
  await redis?.stop()
})

describe('events with Redis killed under load', () => {
  it('fails no user request while Redis is down, and refills the cache after it restarts', async () => {
    const token = userToken('Redis Tester')
    const id = await createPublicEvent(base, token, 'Redis beer')

    const running = (load = startLoad(4, async (w, i) => {
      if (w === 0 && i % 2 === 0) {
        const res = await call(base, 'PATCH', `/api/events/${id}`, {
          token,
          body: { description: `write ${i}` },
        })
        return { label: 'patch', status: res.status }
      }
      if (w === 1 && i % 5 === 0) {
        const res = await call(base, 'POST', '/api/events', { token, body: newEventBody(`Load ${i}`) })
        return { label: 'create', status: res.status }
      }
      const path = i % 2 ? `/api/events/${id}` : '/api/events?limit=10'
      const res = await call(base, 'GET', path)
      return { label: 'read', status: res.status }
    }))
    const since = (at: number) => running.outcomes.filter((o) => o.at > at).length
    await expect
      .poll(() => since(0), { timeout: 10_000, message: 'the load to get going' })
      .toBeGreaterThanOrEqual(20)
    const killedAt = Date.now()
    await redis.stop()
    // Down long enough that the service has noticed and has served plenty of requests without Redis.
    await expect
      .poll(() => app.redis.status, { timeout: 10_000, message: 'the service to notice' })
      .not.toBe('ready')
    await expect.poll(() => since(killedAt), { timeout: 20_000 }).toBeGreaterThanOrEqual(60)
    restarted = await redis.restart()
    const restartedAt = Date.now()
    await expect
      .poll(() => app.redis.status, { timeout: 15_000, message: 'the service to reconnect to Redis' })
      .toBe('ready')
    await expect.poll(() => since(restartedAt), { timeout: 15_000 }).toBeGreaterThanOrEqual(20)
    const outcomes = await running.stop()

    const during = outcomes.filter((o) => o.at > killedAt && o.at < restartedAt)
    const failed = outcomes.filter((o) => o.status < 200 || o.status >= 300)
    console.log(
      `[redis-down] requests: ${outcomes.length} (${during.length} while Redis was down); statuses ${JSON.stringify(summarize(outcomes))}; failed: ${failed.length}`,
    )
    expect(during.length).toBeGreaterThan(20)
    expect(failed).toEqual([])

    // The cache refills: a read after the restart stores the event in Redis again and a second one hits it.
    const probe = new Redis(redis.url)
    try {
      await expect
        .poll(async () => (await probe.ping()) === 'PONG' && app.redis.status === 'ready', {
          timeout: 15_000,
          message: 'the service to reconnect to Redis',
        })
        .toBe(true)
      const hitsBefore = app.cache.stats.hits
      await expect
        .poll(
          async () => {
            await call(base, 'GET', `/api/events/${id}`)
            await call(base, 'GET', `/api/events/${id}`)
            return (await probe.dbsize()) > 0 && app.cache.stats.hits > hitsBefore
          },
          { timeout: 15_000, message: 'the cache to fill again' },
        )
        .toBe(true)
      const keys = await probe.keys('events:*')
      console.log(
        `[redis-down] cache keys after restart: ${keys.length}; hits since: ${app.cache.stats.hits - hitsBefore}`,
      )
      expect(keys.length).toBeGreaterThan(0)
    } finally {
      probe.disconnect()
    }
  })
})
