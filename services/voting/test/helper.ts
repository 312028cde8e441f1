/** Builds the voting service on a real stack (FerretDB, Redis, RabbitMQ) for app.inject() tests. */
import { afterAll } from 'vitest'
import fp from 'fastify-plugin'
import { createServer, loadConfig } from '@prost/platform'
import { testBackends, uniqueName } from '@prost/test-support'
import { votingApp } from '../src/app.js'
import { VotingConfigSchema } from '../src/config.js'

export const TEST_JWT_SECRET = 'voting-tests-secret-0123456789-abcdefghijklmnop'

/**
 * Each build gets its own database and its own expiring event queue (so test files never take
 * each other's messages); pass the same MONGODB_DB and EVENT_QUEUE to build replicas of one service.
 */
export async function build(env: Record<string, string> = {}, options: { listen?: boolean } = {}) {
  const backends = testBackends()
  const config = loadConfig(VotingConfigSchema, {
    MONGODB_URL: backends.mongoUrl,
    MONGODB_DB: uniqueName('voting'),
    REDIS_URL: backends.redisUrl,
    AMQP_URL: backends.amqpUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    EVENT_QUEUE: uniqueName('voting-events'),
    EVENT_QUEUE_EXPIRES_MS: '60000',
    READ_MODEL_WAIT_MS: '300',
    BALLOT_RATE_LIMIT_MAX: '1000',
    LOG_LEVEL: 'warn',
    ...env,
  })
  const app = await createServer({ name: 'voting', config, metrics: false, logger: false })
  // Unwrapped so tests reach the service's decorators (mongo, amqp, signAccessToken) on `app`.
  await app.register(fp(votingApp), { config })
  if (options.listen) await app.listen({ host: '127.0.0.1', port: 0 })
  else await app.ready()
  afterAll(async () => {
    await app.close()
  })
  return Object.assign(app, { testConfig: config })
}

export type TestApp = Awaited<ReturnType<typeof build>>
