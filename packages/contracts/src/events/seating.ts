/**
 * Capacity and waitlist (issue 16, item 4), and removing / leaving (item 2): the shapes the events
 * API and voting's internal "yes order" read share.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Instant, ObjectIdString } from '../common/ids.js'

export const MAX_CAPACITY = 500

/** How many people fit: per place option and per event; absent or null = no limit. */
export const Capacity = Type.Integer({
  minimum: 1,
  maximum: MAX_CAPACITY,
  description: 'Capacity: how many people fit. Once finalized, the rest are on the waitlist',
})

/**
 * A participant's seat once a finalized event has a capacity: `in`, on the `waitlist` (in order), or
 * `out` after answering "Can't make it". Absent while voting or when there is no capacity.
 */
export const Seat = Type.Union([Type.Literal('in'), Type.Literal('waitlist'), Type.Literal('out')], {
  description:
    'in = has a place; waitlist = waiting for a place, moves up when someone who is in leaves, is removed or cannot make it; out = answered "Can\'t make it"',
})
export type Seat = Static<typeof Seat>

/** The seats of a finalized event with a capacity (null while voting or without any capacity). */
export const SeatingSchema = Type.Object(
  {
    capacity: Type.Integer({
      description: 'The effective capacity: the smaller of the chosen place’s and the event’s capacity',
    }),
    inCount: Type.Integer({ description: 'Participants who are in' }),
    waitlistCount: Type.Integer({ description: 'Participants on the waitlist' }),
  },
  { description: 'Capacity and waitlist of the finalized event' },
)
export type Seating = Static<typeof SeatingSchema>

/** A participant's id: a user id, or the id a guest got when joining by link (both ObjectIds). */
export const ParticipantParamsSchema = Type.Object(
  { id: ObjectIdString, participantId: ObjectIdString },
  { additionalProperties: false },
)

/** `POST /api/events/:id/leave`: what is left after leaving. */
export const LeaveResultSchema = Type.Object(
  { eventId: ObjectIdString, left: Type.Literal(true) },
  { description: 'You left the event: your votes left the board and your reminders are cancelled' },
)
export type LeaveResult = Static<typeof LeaveResultSchema>

/**
 * Voting's internal answer: participants who said yes to both chosen options, earliest first, with
 * the time the later of the two yeses was cast (the moment they were "in" by their votes).
 */
export const YesOrderSchema = Type.Object({
  eventId: ObjectIdString,
  participants: Type.Array(Type.Object({ participantId: Type.String(), yesAt: Instant })),
})
export type YesOrder = Static<typeof YesOrderSchema>

export const YesOrderQuerySchema = Type.Object(
  { timeOptionId: ObjectIdString, placeOptionId: ObjectIdString },
  { additionalProperties: false },
)
