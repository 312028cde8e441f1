import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { privateRedis } from '@prost/test-support'
import { bearer, build, createEvent, tokens, type TestApp } from './helper.js'

let redis: Awaited<ReturnType<typeof privateRedis>>
let app: TestApp
let organizer: string

beforeAll(async () => {
  redis = await privateRedis()
  app = await build({ REDIS_URL: redis.url })
  organizer = tokens().organizer
})
afterAll(() => redis.stop())

describe('event reads through the cache', () => {
  it('hits after the first read, invalidates on update, and stays correct with Redis stopped', async () => {
    const event = await createEvent(app, organizer)
    const { Redis } = await import('ioredis')
    const probe = new Redis(redis.url)
    try {
      await app.inject({ url: `/api/events/${event.id}` })
      expect(await probe.exists(`events:event:${event.id}`)).toBe(1)
      const cached = JSON.parse((await probe.get(`events:event:${event.id}`))!)
      expect(cached.title).toBe('Friday beer at the canal')

      // A second read is served from Redis: prove it by changing the cached copy behind the service's back.
      await probe.set(
        `events:event:${event.id}`,
        JSON.stringify({ ...cached, title: 'from the cache' }),
        'EX',
        60,
      )
      expect((await app.inject({ url: `/api/events/${event.id}` })).json().title).toBe('from the cache')

      // An update invalidates exactly that key.
      await app.inject({
        method: 'PATCH',
        url: `/api/events/${event.id}`,
        headers: bearer(organizer),
        payload: { title: 'Saturday beer' },
      })
      expect(await probe.exists(`events:event:${event.id}`)).toBe(0)
      expect((await app.inject({ url: `/api/events/${event.id}` })).json().title).toBe('Saturday beer')

      // Listing pages are cached under a generation that every public change moves on.
      const titles = async (url: string) =>
        (await app.inject({ url })).json().items.map((e: { title: string }) => e.title)
      expect(await titles('/api/events?q=saturday')).toEqual(['Saturday beer'])
      const generation = await probe.get('events:listing-generation')
      expect((await probe.keys('events:list:*')).length).toBeGreaterThan(0)
      await app.inject({
        method: 'PATCH',
        url: `/api/events/${event.id}`,
        headers: bearer(organizer),
        payload: { title: 'Sunday beer' },
      })
      expect(await probe.get('events:listing-generation')).not.toBe(generation)
      expect(await titles('/api/events?q=saturday')).toEqual([])
      expect(await titles('/api/events?q=sunday')).toEqual(['Sunday beer'])
    } finally {
      probe.disconnect()
    }

    await redis.stop()
    for (let i = 0; i < 5; i++) {
      const read = await app.inject({ url: `/api/events/${event.id}` })
      expect(read.statusCode).toBe(200)
      expect(read.json().title).toBe('Sunday beer')
    }
    const write = await app.inject({
      method: 'PATCH',
      url: `/api/events/${event.id}`,
      headers: bearer(organizer),
      payload: { title: 'Monday beer' },
    })
    expect(write.statusCode).toBe(200)
    expect((await app.inject({ url: `/api/events/${event.id}` })).json().title).toBe('Monday beer')
    expect((await app.inject({ url: '/api/events' })).statusCode).toBe(200)
  })
})
