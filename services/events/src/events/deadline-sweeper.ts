/**
 * Automatic finalize at the voting deadline (`autoFinalize`). A timer scans the deadline hours just
 * gone (events/deadline-due.ts), asks voting what to finalize with (`GET /api/votes/internal/:id/best`,
 * scored there) and finalizes through the same `mutate` as the organizer's button: the event's lock
 * plus the "still polling" check make exactly one of an automatic and a manual finalize win, and the
 * same `event.finalized` message (reminders, cards, notices) follows. Every replica sweeps; the lock
 * makes that safe, and a crash between scans only delays the finalize to the next scan.
 */
import fp from 'fastify-plugin'
import type { Collection } from 'mongodb'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { BestChoice } from '@prost/contracts'
import { bestChoiceChecker } from '@prost/contracts/checkers'
import { createVotingInternal } from './voting-internal.js'
import type { EventDoc } from './event-document.js'
import { finalChoice } from './event-rules.js'
import { seatOrderFor } from './seating.js'
import type { YesOrder } from './yes-order.js'
import { isDue, recentHours } from './deadline-due.js'
import { EVENTS_COLLECTION, type EventsRepository } from './events-repository.js'
import { createPeriodicJob } from './periodic-job.js'

/** Outages longer than this are not caught up on; the organizer can still finalize by hand. */
const LOOKBACK_HOURS = 48

export type AutoFinalizeOutcome = 'finalized' | 'undecided' | 'not-due'

export interface DeadlineSweeperOptions {
  repo: EventsRepository
  events: Collection<EventDoc>
  votingUrl: string
  internalToken: string
  log: FastifyBaseLogger
  now?: () => Date
  /** Seats of an event with a capacity follow the order of the yeses (events/yes-order.ts). */
  yesOrder?: YesOrder
}

export function createDeadlineSweeper(options: DeadlineSweeperOptions) {
  const { repo, events, log } = options
  const now = options.now ?? (() => new Date())
  const readVoting = createVotingInternal(options.votingUrl, options.internalToken)

  async function bestFor(eventId: string): Promise<BestChoice> {
    const best = await readVoting(`${eventId}/best`, bestChoiceChecker)
    if (!best) throw new Error(`voting does not know ${eventId} yet`)
    return best
  }

  /** Finalizes one event if it is due; safe to call from any replica at any time. */
  async function finalizeDue(eventId: string): Promise<AutoFinalizeOutcome> {
    const doc = await repo.findById(eventId)
    if (!doc || !isDue(doc, now())) return 'not-due'
    const best = await bestFor(eventId)
    // Voting's copy may lag behind a change made just before the deadline: decide on the same
    // version of the options, or wait for the next scan.
    if (best.eventVersion !== doc.version) return 'not-due'
    let outcome: AutoFinalizeOutcome = 'not-due'
    const view = best.timeOptionId && best.placeOptionId ? await repo.view(eventId) : null
    const order = view
      ? await options.yesOrder?.forChoice(view, best.timeOptionId!, best.placeOptionId!)
      : undefined
    await repo.mutate(eventId, (fresh) => {
      outcome = 'not-due'
      if (!isDue(fresh, now()) || fresh.version !== best.eventVersion) return null
      if (best.timeOptionId && best.placeOptionId) {
        outcome = 'finalized'
        return {
          changes: { status: 'finalized', final: finalChoice(fresh, best.timeOptionId, best.placeOptionId) },
          message: 'event.finalized',
          ...(order ? { seatOrder: seatOrderFor(fresh, order) } : {}),
        }
      }
      // Nothing everyone could live with: leave it polling for the organizer, and say so once.
      outcome = 'undecided'
      return { changes: { autoFinalizeUndecided: true }, message: 'event.updated' }
    })
    return outcome
  }

  async function scan() {
    const hours = recentHours(now(), LOOKBACK_HOURS)
    for (const hour of hours) {
      const due = await events
        .find({ autoFinalizeHour: hour }, { projection: { _id: 1 } })
        .limit(200)
        .toArray()
      for (const { _id } of due) {
        const id = _id.toHexString()
        await finalizeDue(id).catch((error: unknown) =>
          log.warn({ err: error, eventId: id }, 'automatic finalize failed; the next scan retries'),
        )
      }
    }
  }

  const job = createPeriodicJob('deadline sweep', scan, log)

  return { finalizeDue, sweep: job.run, start: job.start, stop: job.stop }
}

export type DeadlineSweeper = ReturnType<typeof createDeadlineSweeper>

declare module 'fastify' {
  interface FastifyInstance {
    deadlineSweeper: DeadlineSweeper
  }
}

export interface DeadlineSweeperPluginOptions {
  votingUrl: string
  internalToken: string
  sweepMs: number
  now?: () => Date
}

export const deadlineSweeper = fp(
  async function deadlineSweeper(fastify: FastifyInstance, options: DeadlineSweeperPluginOptions) {
    const sweeper = createDeadlineSweeper({
      repo: fastify.eventsRepository,
      events: fastify.mongo.db.collection<EventDoc>(EVENTS_COLLECTION),
      votingUrl: options.votingUrl,
      internalToken: options.internalToken,
      log: fastify.log,
      yesOrder: fastify.yesOrder,
      ...(options.now ? { now: options.now } : {}),
    })
    fastify.decorate('deadlineSweeper', sweeper)
    // Without the internal token voting's best-choice route does not exist: nothing finalizes itself.
    if (!options.internalToken) {
      fastify.log.warn(
        'INTERNAL_API_TOKEN is not set: events with autoFinalize will not finalize by themselves',
      )
      return
    }
    fastify.addHook('onReady', async () => sweeper.start(options.sweepMs))
    fastify.addHook('preClose', async () => sweeper.stop())
  },
  { name: 'deadline-sweeper', dependencies: ['events-repository', 'events-yes-order'] },
)
