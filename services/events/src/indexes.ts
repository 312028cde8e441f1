/**
 * Every collection's indexes of the events service, handed to the kit, which creates the missing ones
 * before the service starts serving. Browsing and search filter by equality on indexed arrays
 * (see events/search-index.ts), which FerretDB v1 pushes down to its storage.
 */
import type { IndexPlan } from '@prost/platform'
import { EVENTS_COLLECTION } from './events/events-repository.js'
import { COMMENTS_COLLECTION } from './comments/comments-repository.js'

export const indexes: IndexPlan = {
  [EVENTS_COLLECTION]: [
    // Public browsing: listed events soonest first, paged by (sortAt, _id).
    { key: { listed: 1, sortAt: 1, _id: 1 }, name: 'browse' },
    // Date-range filter: the local days an event's times fall on.
    { key: { days: 1 }, name: 'days' },
    // Time-of-day filter (morning, afternoon, evening, night in the event's zone).
    { key: { dayParts: 1 }, name: 'day_parts' },
    // Free-text search: word prefixes of title and description.
    { key: { words: 1 }, name: 'words' },
    // Place search: word prefixes of place names and addresses.
    { key: { placeWords: 1 }, name: 'place_words' },
    // "My events": what a user organizes, joined or was invited to, soonest first.
    { key: { memberIds: 1, sortAt: 1 }, name: 'members' },
    // Invite links are looked up by their token, and two events must never share one.
    { key: { inviteToken: 1 }, name: 'invite_token', unique: true },
    // The outbox sweeper finds events whose messages are not published yet.
    { key: { hasOutbox: 1 }, name: 'outbox' },
  ],
  [COMMENTS_COLLECTION]: [
    // An event's comments oldest first, paged by _id.
    { key: { eventId: 1, _id: 1 }, name: 'event_order' },
  ],
}
