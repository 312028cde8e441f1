/**
 * The notifications worker process: consumes domain events and reminder.due messages from RabbitMQ
 * and runs the reminder scheduler. It serves only health, readiness and metrics over HTTP (on PORT),
 * for its Kubernetes probes.
 */
import { createServer, listenWithGrace, loadConfigOrExit } from '@prost/platform'
import { notificationsWorkerService } from './notifications-worker.js'

const { name, configSchema, plugin } = notificationsWorkerService
const config = loadConfigOrExit(name, configSchema)
const app = await createServer({ name, config })
await app.register(plugin, { config })
await listenWithGrace(app, config)
