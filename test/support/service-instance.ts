/**
 * One service instance listening on 127.0.0.1, built by the kit's `buildService` (test JWT secret,
 * no logs, plugin unwrapped so tests reach its decorators), with names of its own for everything it
 * creates on the shared backends.
 */
import { buildService, TEST_INTERNAL_API_TOKEN, testBackends, uniqueName } from '@prost/platform/testing'
import { services, type ServiceName } from './services.js'

export type ServiceApp = Awaited<ReturnType<typeof startServiceInstance>>

/**
 * The settings a service gets beyond the kit's defaults: object storage, its own database and
 * queues (voting's and notifications' queues would otherwise compete with every other test for
 * messages). Replicas of one service share these; `overrides` win.
 */
export function serviceEnv(
  name: ServiceName,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const { minio } = testBackends()
  return {
    MINIO_ENDPOINT: minio.endPoint,
    MINIO_PORT: String(minio.port),
    MINIO_ACCESS_KEY: minio.accessKey,
    MINIO_SECRET_KEY: minio.secretKey,
    MONGODB_DB: uniqueName(name),
    // Service-to-service calls (the bot signing in as a Telegram user) work in every stack.
    INTERNAL_API_TOKEN: TEST_INTERNAL_API_TOKEN,
    ...(name === 'voting'
      ? { EVENT_QUEUE: uniqueName('voting-events'), EVENT_QUEUE_EXPIRES_MS: '60000' }
      : {}),
    ...(name === 'notifications' ? { NOTIFICATIONS_QUEUE_PREFIX: `${uniqueName('notifications')}.` } : {}),
    ...overrides,
  }
}

/** Starts `name` with `env` (see serviceEnv); the caller closes it. */
export async function startServiceInstance(name: ServiceName, env: Record<string, string>) {
  return buildService(services[name], env, { listen: true, keepOpen: true })
}

/** Starts `name` on settings of its own (serviceEnv with `overrides`); answers it and its base URL. The caller closes it. */
export async function startService(name: ServiceName, overrides: Record<string, string> = {}) {
  const app = await startServiceInstance(name, serviceEnv(name, overrides))
  return { app, url: urlOf(app) }
}

/** host:port of a listening instance, as an ingress upstream. */
export const addressOf = (app: ServiceApp) => `127.0.0.1:${(app.server.address() as { port: number }).port}`

/** The base URL of a listening instance. */
export const urlOf = (app: ServiceApp) => `http://${addressOf(app)}`

/**
 * The notifications queues are durable and bound to the shared exchange, so they would keep
 * collecting every other test's messages: a stack removes its own when it stops.
 */
export async function removePrivateQueues(env: Record<string, string>) {
  const prefix = env.NOTIFICATIONS_QUEUE_PREFIX
  if (!prefix) return
  const amqp = await import('amqplib')
  const connection = await amqp.connect(testBackends().amqpUrl)
  try {
    const channel = await connection.createChannel()
    for (const queue of ['notifications.events', 'notifications.reminders', 'notifications.cards']) {
      await channel.deleteQueue(`${prefix}${queue}`).catch(() => undefined)
      await channel.deleteQueue(`${prefix}${queue}.dead`).catch(() => undefined)
    }
    await channel.close().catch(() => undefined)
  } finally {
    await connection.close().catch(() => undefined)
  }
}
