/** Builds the accounts service on a real stack (FerretDB, Redis, RabbitMQ) for app.inject() tests. */
import { afterAll } from 'vitest'
import { createServer, loadConfig } from '@prost/platform'
import { testBackends, uniqueName } from '@prost/test-support'
import { accountsApp } from '../src/app.js'
import { AccountsConfigSchema } from '../src/config.js'

export const TEST_JWT_SECRET = 'accounts-test-secret-0123456789-abcdefghijklmnop'

export async function build(env: Record<string, string> = {}) {
  const backends = testBackends()
  const config = loadConfig(AccountsConfigSchema, {
    MONGODB_URL: backends.mongoUrl,
    MONGODB_DB: uniqueName('accounts'),
    REDIS_URL: backends.redisUrl,
    AMQP_URL: backends.amqpUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'warn',
    ...env,
  })
  const app = await createServer({ name: 'accounts', config, metrics: false, logger: false })
  await app.register(accountsApp, { config })
  await app.ready()
  afterAll(async () => {
    await app.close()
  })
  return app
}
