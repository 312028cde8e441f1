/** The service's collections and its locks, as one object: `createStore(db)`, decorated as `notificationsStore`. */
import fp from 'fastify-plugin'
import type { Db } from 'mongodb'
import { createDocumentLocks } from '@prost/platform'
import {
  COLLECTIONS,
  type CardRsvpsDoc,
  type DeliveryDoc,
  type EventStateDoc,
  type GroupCardDoc,
  type LinkTokenDoc,
  type OutboxLogDoc,
  type PreferencesDoc,
  type ProcessedMessageDoc,
  type TelegramLinkDoc,
} from './documents.js'

/**
 * How long one event's planning may hold its lock before another replica takes it over, and how long
 * a message waits for it: a meetup with hundreds of participants is a few thousand writes.
 */
const PLANNING_LEASE_MS = 2 * 60_000
const PLANNING_WAIT_MS = 30_000

export function createStore(db: Db) {
  return {
    linkTokens: db.collection<LinkTokenDoc>(COLLECTIONS.linkTokens),
    links: db.collection<TelegramLinkDoc>(COLLECTIONS.links),
    eventStates: db.collection<EventStateDoc>(COLLECTIONS.eventStates),
    deliveries: db.collection<DeliveryDoc>(COLLECTIONS.deliveries),
    dryRunLog: db.collection<OutboxLogDoc>(COLLECTIONS.dryRunLog),
    processed: db.collection<ProcessedMessageDoc>(COLLECTIONS.processed),
    preferences: db.collection<PreferencesDoc>(COLLECTIONS.preferences),
    groupCards: db.collection<GroupCardDoc>(COLLECTIONS.groupCards),
    cardRsvps: db.collection<CardRsvpsDoc>(COLLECTIONS.cardRsvps),
    /**
     * Every exclusive step takes one of these first: FerretDB v1 does not make a filtered update
     * atomic (two concurrent `updateOne({ _id, status: 'pending' }, …)` can both match), an insert on
     * a unique _id it does. `claim` for steps done once (a claim, a send, a token redemption),
     * `withLock` to apply one event's messages one at a time.
     */
    locks: createDocumentLocks(db, {
      collection: COLLECTIONS.locks,
      leaseMs: PLANNING_LEASE_MS,
      waitMs: PLANNING_WAIT_MS,
    }),
  }
}
export type Store = ReturnType<typeof createStore>

declare module 'fastify' {
  interface FastifyInstance {
    notificationsStore: Store
  }
}

export const notificationsStore = fp(
  async (fastify) => {
    fastify.decorate('notificationsStore', createStore(fastify.mongo.db))
  },
  { name: 'notifications-store', dependencies: ['mongo'] },
)
