import { describe, expect, it } from 'vitest'
import { request } from 'undici'
import { testBackends, uniqueName } from '@prost/test-support'
import { createServer } from '../../src/server.js'
import { mongo } from '../../src/mongo.js'
import { redis } from '../../src/redis.js'
import { amqpPlugin } from '../../src/amqp.js'
import { loadConfig, BaseConfigSchema } from '../../src/config.js'

const config = () => loadConfig(BaseConfigSchema, { PORT: '0' })

describe('health, readiness, metrics and graceful shutdown', () => {
  it('reports ready with Mongo, Redis and RabbitMQ, degraded without Redis, unavailable without a critical one', async () => {
    const app = await createServer({ name: 'life', config: config(), logger: false, metrics: false })
    const backends = testBackends()
    await app.register(mongo, { url: backends.mongoUrl, dbName: uniqueName('life') })
    await app.register(redis, { url: backends.redisUrl })
    await app.register(amqpPlugin, { url: backends.amqpUrl })
    await app.ready()
    try {
      const ready = await app.inject({ url: '/readyz' })
      expect(ready.statusCode).toBe(200)
      expect(
        ready
          .json()
          .checks.map((c: { name: string }) => c.name)
          .sort(),
      ).toEqual([expect.stringMatching(/^mongodb:/), 'rabbitmq', 'redis'].sort())

      app.redis.disconnect()
      const degraded = await app.inject({ url: '/readyz' })
      expect(degraded.statusCode).toBe(200)
      expect(degraded.json().status).toBe('degraded')

      app.readiness.register('broken', async () => {
        throw new Error('down')
      })
      const down = await app.inject({ url: '/readyz' })
      expect(down.statusCode).toBe(503)
      expect(down.json().status).toBe('unavailable')
    } finally {
      await app.close()
    }
  })

  it('exposes Prometheus metrics', async () => {
    const app = await createServer({ name: 'metrics', config: config(), logger: false })
    try {
      await app.ready()
      const res = await app.inject({ url: '/metrics' })
      expect(res.statusCode).toBe(200)
      expect(res.body).toContain('process_cpu_user_seconds_total')
    } finally {
      await app.close()
    }
  })

  it('finishes in-flight requests on close and refuses new ones', async () => {
    const app = await createServer({ name: 'graceful', config: config(), logger: false, metrics: false })
    // The handler holds its request until the test lets it go, after close() has begun.
    let handlerStarted!: () => void
    const started = new Promise<void>((resolve) => (handlerStarted = resolve))
    let letItFinish!: () => void
    const finish = new Promise<void>((resolve) => (letItFinish = resolve))
    app.get('/slow', async () => {
      handlerStarted()
      await finish
      return { done: true }
    })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as { port: number }
    const inFlight = request(`http://127.0.0.1:${port}/slow`)
    await started
    const closing = app.close()
    letItFinish()
    const res = await inFlight
    expect(res.statusCode).toBe(200)
    expect(await res.body.json()).toEqual({ done: true })
    await closing
    await expect(request(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow()
  })
})
