/**
 * board.changed: the voting service says "event X's board changed" (a ballot, or an event message
 * it applied). It carries no board: consumers read the board over voting's REST API, where the
 * event's access rules apply. Coalesced by the publisher (at most one per event per replica every
 * few hundred milliseconds), so a consumer re-reads rather than counts.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Envelope } from './envelope.js'
import { Instant, ObjectIdString } from '../common/ids.js'

export const BOARD_CHANGED = 'board.changed'

export const BoardChangedMessage = Envelope(
  BOARD_CHANGED,
  1,
  Type.Object({ eventId: ObjectIdString, at: Instant }, { additionalProperties: false }),
)
export type BoardChangedMessage = Static<typeof BoardChangedMessage>
