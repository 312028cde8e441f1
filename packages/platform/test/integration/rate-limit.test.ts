import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testBackends, uniqueName } from '@prost/test-support'
import { createServer, type ProstServer } from '../../src/server.js'
import { redis } from '../../src/redis.js'
import { rateLimits } from '../../src/rate-limit.js'
import { loadConfig, BaseConfigSchema } from '../../src/config.js'

const nameSpace = uniqueName('rl')
const replicas: ProstServer[] = []

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const app = await createServer({
      name: `replica-${i}`,
      config: loadConfig(BaseConfigSchema, {}),
      metrics: false,
      logger: false,
    })
    await app.register(redis, { url: testBackends().redisUrl })
    await app.register(rateLimits, { max: 5, windowSeconds: 60, nameSpace })
    app.get('/ping', async () => ({ pong: true }))
    await app.ready()
    replicas.push(app)
  }
})
afterAll(async () => {
  for (const app of replicas) await app.close()
})

describe('rate limits shared through Redis', () => {
  it('counts requests across replicas and answers 429 problem+json with Retry-After', async () => {
    const codes: number[] = []
    for (let i = 0; i < 8; i++) {
      const res = await replicas[i % 2]!.inject({ url: '/ping', remoteAddress: '10.1.2.3' })
      codes.push(res.statusCode)
      if (res.statusCode === 429) {
        expect(res.headers['content-type']).toContain('application/problem+json')
        expect(res.json().type).toBe('https://prost.dev/problems/rate-limited')
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
      }
    }
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429, 429])
    // Another client still has its own budget.
    expect((await replicas[0]!.inject({ url: '/ping', remoteAddress: '10.9.9.9' })).statusCode).toBe(200)
  })
})

describe('rate-limit keys', () => {
  it('does not give forged tokens a fresh budget', async () => {
    const { createServer: create } = await import('../../src/server.js')
    const { auth } = await import('../../src/auth.js')
    const app = await create({
      name: 'forged',
      config: loadConfig(BaseConfigSchema, {}),
      metrics: false,
      logger: false,
    })
    await app.register(redis, { url: testBackends().redisUrl })
    await app.register(auth, { secret: 's'.repeat(40), accessTtlSeconds: 60 })
    await app.register(rateLimits, { max: 3, windowSeconds: 60, nameSpace: uniqueName('forged') })
    app.get('/ping', async () => ({ pong: true }))
    await app.ready()
    try {
      const forged = (n: number) =>
        `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: `u${n}` })).toString('base64url')}.bad`
      const codes: number[] = []
      for (let i = 0; i < 5; i++) {
        codes.push(
          (
            await app.inject({
              url: '/ping',
              remoteAddress: '10.7.7.7',
              headers: { authorization: `Bearer ${forged(i)}` },
            })
          ).statusCode,
        )
      }
      expect(codes).toEqual([200, 200, 200, 429, 429])
      const real = await app.signAccessToken({ sub: 'u1', kind: 'user', role: 'user', name: 'A' })
      expect(
        (
          await app.inject({
            url: '/ping',
            remoteAddress: '10.7.7.7',
            headers: { authorization: `Bearer ${real}` },
          })
        ).statusCode,
      ).toBe(200)
    } finally {
      await app.close()
    }
  })
})
