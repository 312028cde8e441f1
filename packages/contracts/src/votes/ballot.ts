/** A participant's ballot: one answer per time or place option of an event. */
import { Type, type Static } from '@sinclair/typebox'
import { Instant, ObjectIdString } from '../common/ids.js'
import { MAX_OPTIONS_PER_KIND } from '../events/event.js'

export const VoteValue = Type.Union([Type.Literal('yes'), Type.Literal('maybe'), Type.Literal('no')], {
  description: 'yes, maybe (if need be) or no',
})
export type VoteValue = Static<typeof VoteValue>

/** Option id → answer, for time and place options alike (ids are unique across both kinds). */
export const BallotChoicesSchema = Type.Record(ObjectIdString, VoteValue, {
  additionalProperties: false,
  maxProperties: MAX_OPTIONS_PER_KIND * 2,
  description: 'Answers keyed by option id; options left out are unanswered',
})
export type BallotChoices = Static<typeof BallotChoicesSchema>

/** PUT /api/votes/:eventId: replaces the caller's whole ballot. */
export const PutBallotSchema = Type.Object(
  {
    choices: BallotChoicesSchema,
    eventVersion: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'The event version the client saw; voting waits briefly for its copy of the event to catch up to it',
      }),
    ),
  },
  { additionalProperties: false },
)
export type PutBallot = Static<typeof PutBallotSchema>

export const BallotSchema = Type.Object({
  eventId: ObjectIdString,
  participantId: Type.String(),
  name: Type.String(),
  choices: BallotChoicesSchema,
  /** Counts every write of this ballot; the stored ballot is the one with the highest revision. */
  revision: Type.Integer({ minimum: 1 }),
  updatedAt: Instant,
})
export type Ballot = Static<typeof BallotSchema>
