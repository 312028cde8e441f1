/**
 * The worker as a Fastify plugin (src/worker.ts runs it as a process; tests register it directly):
 * consumes domain events into reminders, runs the reminder scheduler, sends due reminders, and
 * reports the ones still unsent well after their due time (gauges read at scrape time).
 */
import type { FastifyPluginAsync } from 'fastify'
import { serviceKit } from '@prost/platform'
import { NotificationsConfigSchema, type NotificationsConfig } from './config.js'
import { notificationsClock, type Clock } from './clock.js'
import { indexes } from './indexes.js'
import { notificationsStore } from './store/store.js'
import { notificationsTopology, queueNames } from './topology.js'
import { telegramSender } from './telegram/telegram-sender.js'
import { reminderPlanner } from './reminders/reminder-planner.js'
import { reminderScheduler } from './reminders/reminder-scheduler.js'
import { reminderSender } from './reminders/reminder-sender.js'
import { overdueDeliveriesMetrics } from './reminders/overdue-deliveries.js'

export interface WorkerOptions {
  config: NotificationsConfig
  clock?: Clock
  /** Tests may run only part of the worker. */
  run?: { planner?: boolean; scheduler?: boolean; sender?: boolean }
}

export const notificationsWorker: FastifyPluginAsync<WorkerOptions> = async (fastify, options) => {
  const { config, clock } = options
  const run = { planner: true, scheduler: true, sender: true, ...options.run }
  const queues = queueNames(config)
  // Same database as the notifications API; no public routes, so no public path and no rate limits.
  await serviceKit(fastify, {
    service: 'notifications',
    config,
    indexes,
    topology: notificationsTopology(config),
    features: { rateLimit: false },
  })
  await fastify.register(notificationsClock, { clock })
  await fastify.register(notificationsStore)
  await fastify.register(telegramSender, { config })
  await fastify.register(reminderPlanner, {
    leadMinutes: config.REMINDER_LEAD_MINUTES,
    queue: queues.events,
    consume: run.planner,
  })
  await fastify.register(reminderScheduler, {
    queue: queues.reminders,
    intervalMs: config.SCHEDULER_INTERVAL_MS,
    leaseSeconds: config.REMINDER_LEASE_SECONDS,
    maxQueued: Math.max(20, Math.floor((config.SEND_RATE_PER_SECOND * config.REMINDER_LEASE_SECONDS) / 2)),
    start: run.scheduler,
  })
  await fastify.register(reminderSender, { config, queue: queues.reminders, consume: run.sender })
  // Whatever runs of the above: what is overdue is read from the database, not from this process.
  await fastify.register(overdueDeliveriesMetrics)
}

/** The worker as the test kit builds services (it has no public API, so it is not a ServiceDefinition). */
export const notificationsWorkerService = {
  name: 'notifications-worker',
  configSchema: NotificationsConfigSchema,
  plugin: notificationsWorker,
}
