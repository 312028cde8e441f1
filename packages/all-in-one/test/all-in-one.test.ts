import { afterAll, describe, expect, it } from 'vitest'
import { BaseConfigSchema, createServer, loadConfig } from '@prost/platform'
import { testBackends } from '@prost/test-support'
import { mountAll } from '../src/app.js'

describe('all-in-one mode', () => {
  it('mounts the four services in one process, each on its public path with its own database', async () => {
    const backends = testBackends()
    const env = {
      MONGODB_URL: backends.mongoUrl,
      REDIS_URL: backends.redisUrl,
      AMQP_URL: backends.amqpUrl,
      MINIO_ENDPOINT: backends.minio.endPoint,
      MINIO_PORT: String(backends.minio.port),
      MINIO_ACCESS_KEY: backends.minio.accessKey,
      MINIO_SECRET_KEY: backends.minio.secretKey,
      LOG_LEVEL: 'warn',
    }
    const app = await createServer({ name: 'all-in-one', config: loadConfig(BaseConfigSchema, {}), metrics: false, logger: false })
    await mountAll(app, env)
    await app.ready()
    afterAll(() => app.close())

    const answers = await Promise.all(
      ['/api/auth', '/api/events', '/api/votes', '/api/notifications'].map(async (prefix) => {
        const res = await app.inject({ url: `${prefix}/healthz` })
        expect(res.statusCode).toBe(200)
        return res.json().service
      }),
    )
    expect(answers).toEqual(['accounts', 'events', 'voting', 'notifications'])
    const ready = (await app.inject({ url: '/readyz' })).json()
    const mongoChecks = ready.checks.filter((c: { name: string }) => c.name.startsWith('mongodb:')).map((c: { name: string }) => c.name)
    expect(mongoChecks.sort()).toEqual(
      ['mongodb:prost_accounts', 'mongodb:prost_events', 'mongodb:prost_notifications', 'mongodb:prost_voting'],
    )
    expect(ready.status).toBe('ready')
  })
})
