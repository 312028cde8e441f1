/** Builds the notifications service on a real stack (FerretDB, Redis, RabbitMQ) for app.inject() tests. */
import { afterAll } from 'vitest'
import { createServer, loadConfig } from '@prost/platform'
import { testBackends, uniqueName } from '@prost/test-support'
import { notificationsApp } from '../src/app.js'
import { NotificationsConfigSchema } from '../src/config.js'

export async function build(env: Record<string, string> = {}) {
  const backends = testBackends()
  const config = loadConfig(NotificationsConfigSchema, {
    MONGODB_URL: backends.mongoUrl,
    MONGODB_DB: uniqueName('notifications'),
    REDIS_URL: backends.redisUrl,
    AMQP_URL: backends.amqpUrl,
    LOG_LEVEL: 'warn',
    ...env,
  })
  const app = await createServer({ name: 'notifications', config, metrics: false, logger: false })
  await app.register(notificationsApp, { config })
  await app.ready()
  afterAll(async () => {
    await app.close()
  })
  return app
}
