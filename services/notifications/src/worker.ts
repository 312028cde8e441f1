/**
 * The notifications worker process: consumes reminder and domain messages from RabbitMQ. It serves
 * only health, readiness and metrics over HTTP (on PORT), for its Kubernetes probes.
 */
import { createServer, listenWithGrace, loadConfigOrExit, serviceKit } from '@prost/platform'
import { NotificationsConfigSchema } from './config.js'

const config = loadConfigOrExit('notifications-worker', NotificationsConfigSchema)
const app = await createServer({ name: 'notifications-worker', config })
await app.register(async (scope) => {
  // Same database as the notifications API; no public routes, so no rate limits.
  await serviceKit(scope, { service: 'notifications', publicPrefix: '/worker', config: { ...config, RATE_LIMIT_MAX: undefined } })
})
await listenWithGrace(app, config)
