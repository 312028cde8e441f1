/** `POST /api/events/:id/duplicate` (issue 16, item 5): a copy of an event for the next meetup. */
import { Type, type Static } from '@sinclair/typebox'

export const DuplicateEventSchema = Type.Object(
  {
    shiftWeeks: Type.Integer({
      minimum: 0,
      maximum: 52,
      description:
        'Duplicate with the time options shifted by this many weeks (same wall-clock time in the event’s zone)',
    }),
  },
  {
    additionalProperties: false,
    description:
      'Duplicate an event: title, description, places, participants as invitees and time options shifted by N weeks, as a new poll of the caller',
  },
)
export type DuplicateEvent = Static<typeof DuplicateEventSchema>
