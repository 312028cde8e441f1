/**
 * The worker as a Fastify plugin (src/worker.ts runs it as a process; tests register it directly):
 * consumes domain events into reminders, runs the reminder scheduler, and sends due reminders.
 */
import type { FastifyPluginAsync } from 'fastify'
import { ensureIndexes, serviceKit } from '@prost/platform'
import type { NotificationsConfig } from './config.js'
import { systemClock, type Clock } from './clock.js'
import { createStore, indexes } from './store.js'
import { notificationsTopology, queueNames } from './topology.js'
import { telegramSenderFor } from './telegram-sender.js'
import { SendRateLimiter } from './send-rate.js'
import { createReminderPlanner } from './reminder-planner.js'
import { createReminderScheduler } from './reminder-scheduler.js'
import { createReminderSender } from './reminder-sender.js'

export interface WorkerOptions {
  config: NotificationsConfig
  clock?: Clock
  /** Tests may run only part of the worker. */
  run?: { planner?: boolean; scheduler?: boolean; sender?: boolean }
}

export const notificationsWorker: FastifyPluginAsync<WorkerOptions> = async (fastify, options) => {
  const { config, clock = systemClock } = options
  const run = { planner: true, scheduler: true, sender: true, ...options.run }
  // Same database as the notifications API; no public routes, so no rate limits.
  await serviceKit(fastify, {
    service: 'notifications',
    publicPrefix: '/worker',
    config: { ...config, RATE_LIMIT_MAX: undefined },
    topology: notificationsTopology(config),
  })
  await ensureIndexes(fastify.mongo.db, indexes)
  const store = createStore(fastify.mongo.db)
  const queues = queueNames(config)
  const sender = telegramSenderFor(config, { store, clock, log: fastify.log })
  const limiter = new SendRateLimiter({
    perSecond: config.SEND_RATE_PER_SECOND,
    chatIntervalMs: config.SEND_CHAT_INTERVAL_MS,
    redis: fastify.hasDecorator('redis') ? fastify.redis : undefined,
    keyPrefix: config.NOTIFICATIONS_QUEUE_PREFIX,
    log: fastify.log,
  })
  const planner = createReminderPlanner({ store, clock, leadMinutes: config.REMINDER_LEAD_MINUTES, log: fastify.log })
  const scheduler = createReminderScheduler({
    store,
    amqp: fastify.amqp,
    clock,
    log: fastify.log,
    queue: queues.reminders,
    intervalMs: config.SCHEDULER_INTERVAL_MS,
    leaseSeconds: config.REMINDER_LEASE_SECONDS,
    maxQueued: Math.max(20, Math.floor((config.SEND_RATE_PER_SECOND * config.REMINDER_LEASE_SECONDS) / 2)),
  })
  const reminderSender = createReminderSender({
    store,
    sender,
    limiter,
    clock,
    log: fastify.log,
    leaseSeconds: config.REMINDER_LEASE_SECONDS,
    maxAttempts: config.SEND_MAX_ATTEMPTS,
    retryBaseMs: config.SEND_RETRY_BASE_MS,
    publicUrl: config.PUBLIC_URL,
  })

  fastify.addHook('onReady', async () => {
    if (run.planner) await fastify.amqp.consume(queues.events, (envelope) => planner.handle(envelope), { prefetch: 1 })
    if (run.sender) {
      // Enough in flight to keep the rate budget busy while each waits for its slot.
      const prefetch = Math.min(100, Math.max(2, Math.ceil(config.SEND_RATE_PER_SECOND)))
      await fastify.amqp.consume(queues.reminders, (envelope) => reminderSender.handle(envelope), { prefetch })
    }
    if (run.scheduler) scheduler.start()
  })
  // Before the kit closes RabbitMQ: stop claiming, and hand back messages still waiting for a slot.
  fastify.addHook('preClose', async () => {
    reminderSender.stop()
    await scheduler.stop()
  })
}
