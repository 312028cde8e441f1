/**
 * Every collection's indexes of the events service, handed to the kit, which creates the missing ones
 * before the service starts serving. Browsing and search query one bucketed equality key at a time
 * (see events/browse-keys.ts), which FerretDB v1 pushes down to its storage.
 */
import type { IndexPlan } from '@prost/platform'
import { EVENTS_COLLECTION } from './events/events-repository.js'
import { COMMENTS_COLLECTION } from './comments/comments-repository.js'
import { CALENDAR_FEEDS_COLLECTION } from './calendar/feed-tokens.js'
import { OCCURRENCES_COLLECTION, SERIES_COLLECTION } from './series/series-document.js'

export const indexes: IndexPlan = {
  [EVENTS_COLLECTION]: [
    // Browsing, date range, time of day, text and place (events/listing-page.ts): one
    // `<term>|<bucket>` key per query; MongoDB serves the bucket's events in listing order from this
    // index (a word or place prefix filters them), FerretDB v1 pushes the equalities down and sorts
    // one bucket's matches. Words are not indexed: FerretDB v1 stores an array as one B-tree value of
    // at most 2,704 bytes, which a long description's prefixes exceed (the insert would fail).
    { key: { browseKeys: 1, sortAt: 1, _id: 1 }, name: 'browse_keys' },
    // Events sorted before a listing's first day but still running on it (ongoing, or a poll whose
    // first option is past): one equality on that day or its month.
    { key: { spanDays: 1 }, name: 'span_days' },
    // "My events": what a user organizes, joined or was invited to, soonest first.
    { key: { memberIds: 1, sortAt: 1 }, name: 'members' },
    // Invite links are looked up by their token, and two events must never share one.
    { key: { inviteToken: 1 }, name: 'invite_token', unique: true },
    // The outbox sweeper finds events whose messages are not published yet.
    { key: { hasOutbox: 1 }, name: 'outbox' },
    // The deadline sweeper asks for events finalizing themselves in one UTC hour (events/deadline-due.ts).
    { key: { autoFinalizeHour: 1 }, name: 'auto_finalize_hour' },
  ],
  [COMMENTS_COLLECTION]: [
    // An event's comments oldest first, paged by _id.
    { key: { eventId: 1, _id: 1 }, name: 'event_order' },
  ],
  [CALENDAR_FEEDS_COLLECTION]: [
    // A feed request finds its user by the hash of the token in the URL; two users never share one.
    { key: { tokenHash: 1 }, name: 'token_hash', unique: true },
  ],
  [SERIES_COLLECTION]: [
    // The series sweeper asks for series whose next poll is due in one UTC hour (series/series-sweeper.ts).
    { key: { dueHour: 1 }, name: 'due_hour' },
    // At start it catches up on every active series (status is an equality).
    { key: { status: 1 }, name: 'status' },
    // The organizer's event page lists the series started from it.
    { key: { sourceEventId: 1 }, name: 'source_event' },
  ],
  [OCCURRENCES_COLLECTION]: [
    // A series' polls created so far (the claim's _id is `<series>:<date>`, unique by itself).
    { key: { seriesId: 1 }, name: 'series' },
  ],
}
