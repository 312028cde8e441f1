/**
 * Voting's own copy of each event (options, participants, status, deadline), fed by the events
 * service's event.* messages; voting never reads the events service's collections.
 *
 * Why a read model and not a call to the events service per ballot: every message carries the full
 * event state with a growing `version`, so applying "only if newer" is idempotent and order-proof
 * (a redelivered or duplicated message id is simply not newer), and ballots keep working while the
 * events service is down. The price is lag of a few milliseconds after a change; it is handled where
 * it matters:
 *  - a ballot that names an event, option or participant the copy does not know yet (or an
 *    `eventVersion` newer than the copy) waits up to READ_MODEL_WAIT_MS for the copy to catch up
 *    (woken at once when this replica applies a message, polling for changes applied by another
 *    replica) before it is refused, so "vote right after adding an option" works;
 *  - a vote on a removed option is refused once the removal is applied, and answers on options that
 *    disappear are ignored by the board, so a stale acceptance never counts.
 *
 * Each replica keeps the states it read under a change stamp in Redis (`voting:event-stamp:<id>`,
 * ../change-stamps.ts), bumped by every apply after the store write and before the message is
 * acked: every ballot reads the event, and a store read per ballot was a third of a vote's store
 * commands. A kept state is used while the stamp is unchanged (one Redis GET instead of a FerretDB
 * find), so a read that starts after an apply finished sees that apply, as a store read would.
 * Without Redis every read goes to the store; a kept state is never used after MAX_AGE_MS, which
 * bounds what a lost bump can cost.
 */
import { EventEmitter } from 'node:events'
import fp from 'fastify-plugin'
import type { Collection, Db } from 'mongodb'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'
import type { EventState } from '@prost/contracts'
import { createDocumentLocks, isDuplicateKey } from '@prost/platform'
import { createChangeStamps, createStampedCopies } from '../change-stamps.js'

/**
 * The stored copy: the version at the top level (the only field a filter reads) and the rest of the
 * state as one JSON string. Why a string: FerretDB v1 converts every nested field of a document on
 * each read, so an event with 1,000 participants took 83-135 ms to read as nested fields and a few
 * milliseconds as one string (measured in `npm run bench`); MongoDB reads both shapes alike.
 * Copies written before this shape (the state's fields at the top level) are still read.
 */
export interface EventDocument {
  _id: string
  version: number
  state?: string
}

type LegacyEventDocument = Omit<EventState, 'eventId'> & { _id: string }

export const EVENTS_COLLECTION = 'events'
const PARSED_EVENTS = 500
const MAX_AGE_MS = 5_000

export interface EventReadModelOptions {
  /** How long a caller waits by default for the copy to catch up (READ_MODEL_WAIT_MS). */
  waitMs: number
  /** Where the change stamps live; without it every read goes to the store. */
  redis?: Redis
  log: FastifyBaseLogger
}

export function createEventReadModel(db: Db, { waitMs, redis, log }: EventReadModelOptions) {
  const events: Collection<EventDocument> = db.collection<EventDocument>(EVENTS_COLLECTION)
  const stamps = createChangeStamps('voting:event-stamp', redis, log)
  /** Per event: the state read under a stamp (null: the store had no copy then). */
  const kept = createStampedCopies<EventState | null>(stamps, {
    maxEntries: PARSED_EVENTS,
    maxAgeMs: MAX_AGE_MS,
  })
  const applied = new EventEmitter().setMaxListeners(0)
  // FerretDB v1 evaluates the `version < N` filter outside its write, so two versions of one event
  // applied at once (the consumer handles up to its prefetch in parallel, on every replica) can leave
  // the older one stored. One apply per event at a time: in order within this process, and under a
  // short lease lock across replicas (the same code is merely cautious on MongoDB).
  const locks = createDocumentLocks(db, { leaseMs: 10_000, waitMs: 15_000 })
  const queues = new Map<string, Promise<unknown>>()
  function oneAtATime<T>(eventId: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(eventId) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(() => locks.withLock(`voting:event:${eventId}`, work))
    queues.set(eventId, next)
    void next.catch(() => undefined).finally(() => queues.get(eventId) === next && queues.delete(eventId))
    return next
  }

  // The last state parsed per event, reused while the stored text is the same: every ballot reads
  // the event, and parsing 1,000 participants per ballot was the voting replicas' top CPU cost.
  // Callers treat states as read-only.
  const parsed = new Map<string, { text: string; state: EventState }>()
  function toState(doc: EventDocument): EventState {
    if (typeof doc.state === 'string') {
      const known = parsed.get(doc._id)
      if (known && known.text === doc.state) return known.state
      const state = { ...(JSON.parse(doc.state) as Omit<EventState, 'eventId'>), eventId: doc._id }
      parsed.delete(doc._id)
      parsed.set(doc._id, { text: doc.state, state })
      if (parsed.size > PARSED_EVENTS) parsed.delete(parsed.keys().next().value!)
      return state
    }
    const { _id, ...rest } = doc as unknown as LegacyEventDocument
    return { eventId: _id, ...rest }
  }

  async function get(eventId: string): Promise<EventState | null> {
    const { stamp, hit } = await kept.lookup(eventId)
    if (hit) return hit.value
    const doc = await events.findOne({ _id: eventId })
    const state = doc ? toState(doc) : null
    kept.keep(eventId, stamp, state)
    return state
  }

  async function applyNow(state: EventState): Promise<boolean> {
    const { eventId, ...fields } = state
    try {
      // A replacement, so a legacy copy's top-level fields go with it.
      const result = await events.replaceOne(
        { _id: eventId, version: { $lt: state.version } },
        { version: state.version, state: JSON.stringify(fields) },
        { upsert: true },
      )
      const changed = result.upsertedCount + result.modifiedCount > 0
      if (changed) {
        kept.drop(eventId)
        await stamps.bump(eventId)
        applied.emit(eventId)
      }
      return changed
    } catch (error) {
      // The filter missed because the copy is as new or newer; the upsert then collides on _id.
      if (!isDuplicateKey(error)) throw error
      // Bumped again all the same: a redelivery after a crash between the write and the bump finishes it.
      await stamps.bump(eventId)
      return false
    }
  }

  return {
    get,

    /** Stores the state if it is newer than the copy; returns whether it was applied. */
    apply: (state: EventState): Promise<boolean> => oneAtATime(state.eventId, () => applyNow(state)),

    /**
     * Reads the event until `settled` holds or `timeoutMs` (default: READ_MODEL_WAIT_MS) passes;
     * returns the last copy read. Wakes on this replica's applies and polls for other replicas'.
     */
    async waitFor(
      eventId: string,
      settled: (state: EventState | null) => boolean,
      timeoutMs = waitMs,
    ): Promise<EventState | null> {
      let current = await get(eventId)
      const deadline = Date.now() + timeoutMs
      while (!settled(current) && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.min(100, Math.max(0, deadline - Date.now())))
          function done() {
            clearTimeout(timer)
            applied.off(eventId, done)
            resolve()
          }
          applied.once(eventId, done)
        })
        current = await get(eventId)
      }
      return current
    },
  }
}

export type EventReadModel = ReturnType<typeof createEventReadModel>

declare module 'fastify' {
  interface FastifyInstance {
    eventReadModel: EventReadModel
  }
}

export const eventReadModel = fp<Pick<EventReadModelOptions, 'waitMs'>>(
  async function eventReadModel(fastify: FastifyInstance, options) {
    fastify.decorate(
      'eventReadModel',
      createEventReadModel(fastify.mongo.db, {
        ...options,
        redis: fastify.hasDecorator('redis') ? fastify.redis : undefined,
        log: fastify.log,
      }),
    )
  },
  { name: 'voting-event-read-model', dependencies: ['mongo'] },
)
