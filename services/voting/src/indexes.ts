/**
 * Every collection's indexes in the voting database, ensured by the kit at start. Collections read
 * only by `_id` need none of their own: the read model's `events` (keyed by event id) and the
 * `document_locks` its applies and the board tally's writers take.
 */
import type { IndexPlan } from '@prost/platform'
import { BALLOTS_COLLECTION } from './ballots/ballots-repository.js'
import { BOARDS_COLLECTION } from './board/board-tally.js'

export const indexes: IndexPlan = {
  // Only the tally's repair path reads all of one event's ballots (boards are read from the tally).
  [BALLOTS_COLLECTION]: [{ key: { eventId: 1 }, name: 'by_event' }],
  // A board is read as all of one event's tally buckets (written by `_id`).
  [BOARDS_COLLECTION]: [{ key: { eventId: 1 }, name: 'by_event' }],
}
