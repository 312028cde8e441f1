/**
 * Every collection's indexes, ensured by the kit at start (API and worker alike). Collections not
 * named here are only ever read by _id: link tokens, event states, processed messages, preferences,
 * delivery locks.
 */
import type { IndexPlan } from '@prost/platform'
import { COLLECTIONS } from './store/documents.js'

export const indexes: IndexPlan = {
  // /stop unlinks and /events lists by the chat an update came from.
  [COLLECTIONS.links]: [{ key: { chatId: 1 }, name: 'chat' }],
  [COLLECTIONS.deliveries]: [
    // The scheduler's pass: what is pending and due. Equality keys first: FerretDB pushes equality
    // down to SQL and filters ranges afterwards.
    { key: { status: 1, nextAttemptAt: 1 }, name: 'due' },
    // The planner reconciles one event's reminders at a time.
    { key: { eventId: 1 }, name: 'event' },
    // GET /api/notifications/me and /events: one subject's upcoming reminders.
    { key: { participantId: 1 }, name: 'participant' },
  ],
  // A board change re-renders every card of its event; a bot removed from a group kills that chat's cards.
  [COLLECTIONS.groupCards]: [
    { key: { eventId: 1 }, name: 'event' },
    { key: { chatId: 1 }, name: 'chat' },
  ],
  // GET /api/notifications/me in dry-run mode: the latest messages meant for me.
  [COLLECTIONS.dryRunLog]: [{ key: { recipientId: 1, sentAt: -1 }, name: 'recipient' }],
}
