/**
 * Every collection's indexes in the voting database, ensured by the kit at start. Collections read
 * only by `_id` need none of their own: the read model's `events` (keyed by event id) and the
 * `document_locks` its applies take.
 */
import type { IndexPlan } from '@prost/platform'
import { BALLOTS_COLLECTION } from './ballots/ballots-repository.js'

export const indexes: IndexPlan = {
  // A board is built from all of one event's ballots, on every ballot written while it is watched.
  [BALLOTS_COLLECTION]: [{ key: { eventId: 1 }, name: 'by_event' }],
}
