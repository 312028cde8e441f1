/**
 * Claims due deliveries and publishes reminder.due for each. A claim takes a lock on (delivery,
 * round, current claim) — an atomic unique insert — and then moves the delivery pending → queued with
 * a fresh claimId and a lease, so two or more scheduler replicas never claim the same document (the
 * update's own condition is not enough on FerretDB v1: two replicas' updates could both match); a
 * queued claim whose lease ran out (its publish or its message was lost) is claimed again with a new
 * claimId, which fences off the old message (the round stays: its send lock still decides who sends).
 * A claim whose update failed gives its lock back (or the lock goes stale after a minute), so a
 * database error never strands a delivery.
 */
import { randomUUID } from 'node:crypto'
import fp from 'fastify-plugin'
import pLimit from 'p-limit'
import type { FastifyBaseLogger } from 'fastify'
import { newEnvelope, type AmqpClient } from '@prost/platform'
import type { Clock } from '../clock.js'
import type { Store } from '../store/store.js'
import type { DeliveryDoc } from '../store/documents.js'

export interface SchedulerOptions {
  store: Store
  amqp: AmqpClient
  clock: Clock
  log: FastifyBaseLogger
  queue: string
  intervalMs: number
  leaseSeconds: number
  /** Upper bound on claimed-but-unsent deliveries, so a burst does not outrun its leases. */
  maxQueued: number
  batchSize?: number
  /**
   * Claims in flight at once. A pass of 200 claims at once is ~400 writes the store takes together,
   * and the sender's reads of the first claimed deliveries wait behind them: the first seconds of a
   * burst went out at a fraction of the rate (bench/reminder-rate.ts). A few at a time keeps the
   * sender fed from the first claim on.
   */
  claimConcurrency?: number
}

export function createReminderScheduler(options: SchedulerOptions) {
  const { store, amqp, clock, log, queue } = options
  const batchSize = options.batchSize ?? 200
  const claims = pLimit(options.claimConcurrency ?? 16)
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> | undefined
  let stopped = true

  async function claim(candidate: Pick<DeliveryDoc, '_id' | 'status' | 'claimId' | 'claimRound'>, now: Date) {
    // One winner per claimable state (round + current claim): the lock, not the update, decides.
    const key = `claim:${candidate._id}:${candidate.claimRound}:${candidate.claimId ?? '-'}`
    // A claim lock still there a minute later for the same state means its update never landed.
    if (!(await store.locks.claim(key, { now, staleAfterMs: 60_000 }))) return null
    const claimId = randomUUID()
    const result = await store.deliveries
      .updateOne(
        {
          _id: candidate._id,
          status: candidate.status,
          claimRound: candidate.claimRound,
          claimId: candidate.claimId,
        },
        {
          $set: {
            status: 'queued',
            claimId,
            leaseUntil: new Date(now.getTime() + options.leaseSeconds * 1000),
            updatedAt: now,
          },
        },
      )
      .catch(async (error: unknown) => {
        await store.locks.release(key)
        throw error
      })
    // Changed meanwhile (cancelled, rescheduled): a rescheduled delivery has a new round, so a new key.
    return result.matchedCount === 1 ? claimId : null
  }

  /** One pass, now: returns how many deliveries it claimed and published. */
  async function tick(): Promise<number> {
    const now = clock.now()
    const inFlight = await store.deliveries.countDocuments({ status: 'queued' })
    const room = Math.min(batchSize, options.maxQueued - inFlight)
    if (room <= 0) return 0
    const projection = { _id: 1, status: 1, claimId: 1, claimRound: 1 } as const
    const due = await store.deliveries
      .find({ status: 'pending', nextAttemptAt: { $lte: now } }, { projection })
      .limit(room)
      .toArray()
    const expired =
      due.length < room
        ? await store.deliveries
            .find({ status: 'queued', leaseUntil: { $lte: now } }, { projection })
            .limit(room - due.length)
            .toArray()
        : []
    let published = 0
    // Settled, not Promise.all: one failed claim must not leave the pass while its siblings still run.
    const outcomes = await Promise.allSettled(
      [...due, ...expired].map((candidate) =>
        claims(async () => {
          const claimId = await claim(candidate, now)
          if (!claimId) return // another replica was faster
          if (candidate.status === 'queued')
            log.warn({ reminderId: candidate._id }, 'claim lease expired; claiming again')
          // If this publish fails, the lease runs out and the delivery is claimed again.
          await amqp.publish(newEnvelope('reminder.due', 1, { reminderId: candidate._id, claimId }, now), {
            exchange: '',
            routingKey: queue,
          })
          published++
        }),
      ),
    )
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')
    if (failed) throw failed.reason
    return published
  }

  function schedule(delayMs: number) {
    if (stopped) return
    timer = setTimeout(() => {
      running = tick()
        .then((n) => schedule(n >= batchSize ? 0 : options.intervalMs))
        .catch((error: unknown) => {
          log.error({ err: error }, 'reminder scheduler pass failed; trying again')
          schedule(options.intervalMs)
        })
    }, delayMs)
  }

  return {
    tick,
    start() {
      if (!stopped) return
      stopped = false
      schedule(0)
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running?.catch(() => undefined)
    },
  }
}
export type ReminderScheduler = ReturnType<typeof createReminderScheduler>

declare module 'fastify' {
  interface FastifyInstance {
    reminderScheduler: ReminderScheduler
  }
}

export interface ReminderSchedulerPluginOptions extends Omit<
  SchedulerOptions,
  'store' | 'amqp' | 'clock' | 'log'
> {
  /** Whether to run it on its interval (tests may run the worker without it, or call tick()). */
  start: boolean
}

export const reminderScheduler = fp<ReminderSchedulerPluginOptions>(
  async (fastify, { start, ...options }) => {
    const scheduler = createReminderScheduler({
      ...options,
      store: fastify.notificationsStore,
      amqp: fastify.amqp,
      clock: fastify.notificationsClock,
      log: fastify.log,
    })
    fastify.decorate('reminderScheduler', scheduler)
    if (start) fastify.addHook('onReady', async () => scheduler.start())
    // Before the kit closes RabbitMQ: no claim is left half-published.
    fastify.addHook('preClose', () => scheduler.stop())
  },
  {
    name: 'notifications-reminder-scheduler',
    dependencies: ['amqp', 'notifications-store', 'notifications-clock'],
  },
)
