/**
 * One service on the real test stack (FerretDB, Redis, RabbitMQ started by `npm test`), built the
 * way `runService` builds it, for `app.inject()` tests: its own database, the test JWT secret, quiet
 * logs, closed after the test file. The plugin is registered unwrapped so tests reach its decorators.
 */
import { afterAll } from 'vitest'
import fp from 'fastify-plugin'
import type { FastifyPluginAsync } from 'fastify'
import type { Static, TObject } from '@sinclair/typebox'
import { createServer } from '../server.js'
import { loadConfig } from '../config.js'
import type { ServiceDefinition } from '../server.js'
import { testBackends, uniqueName } from './backends.js'
import { TEST_JWT_SECRET } from './tokens.js'

export interface BuildServiceOptions<P> {
  /** Listen on a loopback port (for WebSocket and HTTP clients) instead of only `ready()`. */
  listen?: boolean
  /** Leave closing to the test (e.g. a test that restarts the service). */
  keepOpen?: boolean
  /** Options the service plugin takes besides its config (e.g. a test clock). */
  pluginOptions?: P
  /** Process name in logs; defaults to the service's name. */
  name?: string
}

/**
 * Rate-limit budgets of their own for each test file (vitest loads this module once per file): every
 * app a file builds shares them, as replicas do, but files running at the same time do not spend
 * each other's 127.0.0.1 or fixed-test-user budgets in the one Redis.
 */
const FILE_RATE_LIMIT_NAMESPACE = uniqueName('test')

/** The environment every service gets in tests; `env` adds to and overrides it. */
export function testEnv(service: string, env: Record<string, string | undefined> = {}) {
  const backends = testBackends()
  return {
    MONGODB_URL: backends.mongoUrl,
    MONGODB_DB: uniqueName(service),
    REDIS_URL: backends.redisUrl,
    AMQP_URL: backends.amqpUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_NAMESPACE: FILE_RATE_LIMIT_NAMESPACE,
    ...env,
  }
}

export async function buildService<S extends TObject, P extends object = object>(
  definition: Pick<ServiceDefinition<S>, 'name' | 'configSchema'> & {
    plugin: FastifyPluginAsync<{ config: Static<S> } & P>
  },
  env: Record<string, string | undefined> = {},
  options: BuildServiceOptions<P> = {},
) {
  const config = loadConfig(definition.configSchema, testEnv(definition.name, env)) as Static<S> &
    Static<TObject>
  const app = await createServer({
    name: options.name ?? definition.name,
    config: config as never,
    metrics: false,
    logger: false,
  })
  await app.register(fp(definition.plugin), { config, ...options.pluginOptions } as never)
  if (options.listen) await app.listen({ host: '127.0.0.1', port: 0 })
  else await app.ready()
  if (!options.keepOpen) afterAll(() => app.close())
  return Object.assign(app, { testConfig: config })
}
