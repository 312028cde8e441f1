/**
 * The notifications worker process: consumes domain events and reminder.due messages from RabbitMQ
 * and runs the reminder scheduler. It serves only health, readiness and metrics over HTTP (on PORT),
 * for its Kubernetes probes.
 */
import { createServer, listenWithGrace, loadConfigOrExit } from '@prost/platform'
import { NotificationsConfigSchema } from './config.js'
import { notificationsWorker } from './notifications-worker.js'

const config = loadConfigOrExit('notifications-worker', NotificationsConfigSchema)
const app = await createServer({ name: 'notifications-worker', config })
await app.register(notificationsWorker, { config })
await listenWithGrace(app, config)
