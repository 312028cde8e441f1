/**
 * Events in MongoDB. Every change is: take the event's lock → read → pure rule → replace (guarded by
 * `rev` as well), with the messages it causes written into the same document. The lock is needed
 * because FerretDB v1 does not make filtered updates atomic (see platform/src/document-lock.ts).
 */
import fp from 'fastify-plugin'
import { createHash } from 'node:crypto'
import { ObjectId, type Collection } from 'mongodb'
import type { FastifyInstance } from 'fastify'
import {
  createDocumentLocks,
  newEnvelope,
  notFound,
  timeIdCursor,
  type TimeIdPosition,
} from '@prost/platform'
import type { EventMessageType, EventPage, ListEventsQuery } from '@prost/contracts'
import { toState, toSummary, toView, type EventDoc, type EventView } from './event-document.js'
import { withDerived } from './event-rules.js'
import { nextWaitlist } from './seating.js'
import { createOutboxRelay } from './outbox.js'
import { loadListingPage } from './listing-page.js'
import { createBucketHints, type BucketHints } from './bucket-hints.js'
import { backfillBrowseKeys } from './browse-backfill.js'

export const EVENTS_COLLECTION = 'events'

export interface Mutation {
  changes: Partial<EventDoc>
  /** The message this change causes, if any. */
  message?: EventMessageType
  extraPayload?: Record<string, unknown>
  /** Who gets a seat first if seats start to apply with this change (events/seating.ts). */
  seatOrder?: readonly string[]
}

/** Redis key counting changes to public events; part of every cached listing key. */
export const LISTING_GENERATION_KEY = 'events:listing-generation'

/** Every change re-decides the waitlist under the event's lock, so no path can overfill an event. */
function withSeats<T extends EventDoc>(before: EventDoc, next: T, order?: readonly string[]): T {
  const waitlist = nextWaitlist(before, next, order)
  return waitlist.length || next.waitlist?.length ? { ...next, waitlist } : next
}

export function createEventsRepository(fastify: FastifyInstance) {
  const events: Collection<EventDoc> = fastify.mongo.db.collection<EventDoc>(EVENTS_COLLECTION)
  const locks = createDocumentLocks(fastify.mongo.db)
  const lockKey = (id: string) => `event:${id}`
  const cacheKey = (id: string) => `event:${id}`
  // What recent listing walks found in hours, days, months and years, for this process's next walks.
  const bucketHints = createBucketHints()
  // Writes of one event from this process queue here, in arrival order, and only the head polls
  // the shared lock: fifty joins racing for the last seats otherwise all poll FerretDB at once,
  // slow the holder down and starve some of them past the lock's wait (503). Across replicas the
  // lease lock still serializes them.
  const queues = new Map<string, Promise<unknown>>()
  function inTurn<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(id) ?? Promise.resolve()
    const mine = previous.catch(() => undefined).then(() => locks.withLock(lockKey(id), work))
    queues.set(id, mine)
    void mine.catch(() => undefined).finally(() => queues.get(id) === mine && queues.delete(id))
    return mine
  }
  const relay = createOutboxRelay(events, fastify.amqp, fastify.log, (id, work) =>
    locks.withLock(lockKey(id), work),
  )

  function withMessage(
    doc: EventDoc,
    type: EventMessageType | undefined,
    extra?: Record<string, unknown>,
  ): EventDoc {
    if (!type) return doc
    const envelope = newEnvelope(type, 1, { ...toState(doc), ...extra })
    return { ...doc, outbox: [...doc.outbox, envelope], hasOutbox: true }
  }

  async function afterWrite(before: EventDoc | null, after: EventDoc) {
    await fastify.cache.invalidate(cacheKey(after._id.toHexString()))
    // Any change to a public event may change any listing page: move listings to a new generation.
    if (before?.listed || after.listed)
      await fastify.redis.incr(LISTING_GENERATION_KEY).catch(() => undefined)
    if (after.hasOutbox) void relay.flush(after._id)
  }

  return {
    relay,

    /** Stores a new event; `extraPayload` adds to its event.created message (a series poll says so). */
    async insert(doc: EventDoc, extraPayload?: Record<string, unknown>) {
      const stored = withMessage(doc, 'event.created', extraPayload)
      await events.insertOne(stored)
      await afterWrite(null, stored)
      return stored
    },

    findById(id: string) {
      if (!ObjectId.isValid(id) || id.length !== 24) return Promise.resolve(null)
      return events.findOne({ _id: new ObjectId(id) })
    },

    findByInviteToken(token: string) {
      return events.findOne({ inviteToken: token })
    },

    /** The event as routes render it, through the cache. */
    async view(id: string): Promise<EventView | null> {
      return fastify.cache.getOrLoad(cacheKey(id), async () => {
        const doc = await this.findById(id)
        return doc ? toView(doc) : null
      })
    },

    /**
     * Applies a rule to the current document and stores the result if nobody wrote in between;
     * on a concurrent write it re-reads and re-applies (the rule may then refuse, e.g. a second finalize).
     */
    async mutate(id: string, rule: (doc: EventDoc) => Mutation | null, now = new Date()): Promise<EventDoc> {
      const current = await this.findById(id)
      if (!current) throw notFound('No such event')
      const { before, after } = await inTurn(id, async () => {
        const fresh = await this.findById(id)
        if (!fresh) throw notFound('No such event')
        const mutation = rule(fresh)
        if (!mutation) return { before: fresh, after: fresh }
        const next = withMessage(
          withDerived(
            withSeats(
              fresh,
              {
                ...fresh,
                ...mutation.changes,
                version: fresh.version + 1,
                rev: fresh.rev + 1,
                updatedAt: now,
              },
              mutation.seatOrder,
            ),
          ),
          mutation.message,
          mutation.extraPayload,
        )
        const result = await events.replaceOne({ _id: fresh._id, rev: fresh.rev }, next)
        if (result.matchedCount !== 1) throw new Error(`event ${id} changed while locked`)
        return { before: fresh, after: next }
      })
      if (after !== before) await afterWrite(before, after)
      return after
    },

    /**
     * Public events, soonest first, filtered and cursor-paginated. Pages are cached under the current
     * listing generation, which every change to a public event moves on, so a cached page is never
     * older than the last write. An uncached page reads only the matching events near the cursor.
     */
    async list(query: ListEventsQuery, now = new Date()): Promise<EventPage> {
      const limit = query.limit ?? 20
      // A cursor is checked before anything is read: a forged one is a 400, not a cache entry.
      const after = query.cursor ? timeIdCursor.decode(query.cursor) : null
      const generation = (await fastify.redis.get(LISTING_GENERATION_KEY).catch(() => null)) ?? '0'
      const key = `list:${generation}:${createHash('sha1')
        .update(JSON.stringify({ ...query, limit }))
        .digest('base64url')}`
      return fastify.cache.getOrLoad(key, () => this.loadPage(query, after, limit, now), 30)
    },

    /** An uncached page: a walk over bucketed keys (events/listing-page.ts). */
    loadPage(
      query: ListEventsQuery,
      after: TimeIdPosition | null,
      limit: number,
      now: Date,
      hints: BucketHints = bucketHints,
    ) {
      return loadListingPage(events, query, after, limit, now, hints)
    },

    /** Stores the browse keys of documents written before they existed (events/browse-backfill.ts). */
    backfillBrowseKeys() {
      return backfillBrowseKeys(fastify.mongo.db, events)
    },

    /**
     * Every event the user takes part in (organizer or participant; not merely invited), for the
     * calendar feed: one equality on the indexed `memberIds`, the rest checked in memory.
     */
    async listParticipating(userId: string, limit = 1000) {
      const docs = await events.find({ memberIds: userId }).limit(limit).toArray()
      return docs
        .filter((doc) => doc.participants.some((p) => p.id === userId))
        .sort((a, b) => a.sortAt.getTime() - b.sortAt.getTime())
    },

    /** Events the user organizes, joined or was invited to, soonest first. */
    async listForMember(memberId: string, limit = 50) {
      const docs = await events
        .find({ memberIds: memberId })
        .sort({ sortAt: 1, _id: 1 })
        .limit(limit)
        .toArray()
      return docs.map(toSummary)
    },
  }
}

export type EventsRepository = ReturnType<typeof createEventsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    eventsRepository: EventsRepository
  }
}

export const eventsRepository = fp(
  async function eventsRepository(fastify: FastifyInstance, options: { sweepMs: number }) {
    const repository = createEventsRepository(fastify)
    fastify.decorate('eventsRepository', repository)
    repository.relay.start(options.sweepMs)
    fastify.addHook('onReady', async () => {
      void repository
        .backfillBrowseKeys()
        .catch((error: unknown) =>
          fastify.log.warn({ err: error }, 'browse keys backfill stopped; the next start resumes it'),
        )
      await repository.relay.sweep()
    })
    fastify.addHook('preClose', async () => repository.relay.stop())
  },
  { name: 'events-repository', dependencies: ['mongo', 'amqp', 'cache-aside'] },
)
