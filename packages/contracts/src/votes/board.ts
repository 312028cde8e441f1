/** The vote board: per option the counts and who said what, who has not voted, the current best. */
import { Type, type Static } from '@sinclair/typebox'
import { Instant, ObjectIdString } from '../common/ids.js'
import {
  EventStatus,
  FinalChoiceSchema,
  PlaceOptionSchema,
  TimeOptionSchema,
  Visibility,
} from '../events/event.js'

export const VoterSchema = Type.Object({ id: Type.String(), name: Type.String() })
export type Voter = Static<typeof VoterSchema>

export const TallySchema = Type.Object({
  yes: Type.Integer({ minimum: 0 }),
  maybe: Type.Integer({ minimum: 0 }),
  no: Type.Integer({ minimum: 0 }),
})
export type Tally = Static<typeof TallySchema>

export const OptionVotersSchema = Type.Object({
  yes: Type.Array(VoterSchema),
  maybe: Type.Array(VoterSchema),
  no: Type.Array(VoterSchema),
})
export type OptionVoters = Static<typeof OptionVotersSchema>

const Votes = { counts: TallySchema, voters: OptionVotersSchema }

export const BoardTimeOptionSchema = Type.Composite([TimeOptionSchema, Type.Object(Votes)])
export type BoardTimeOption = Static<typeof BoardTimeOptionSchema>
export const BoardPlaceOptionSchema = Type.Composite([PlaceOptionSchema, Type.Object(Votes)])
export type BoardPlaceOption = Static<typeof BoardPlaceOptionSchema>

/** One option of the best combination and why: its score (yes = 1, if-need-be = 0.5) and its answers. */
export const ScoredOptionSchema = Type.Object({
  optionId: ObjectIdString,
  score: Type.Number({ minimum: 0, description: 'yes = 1, if-need-be = 0.5, no = 0' }),
  yes: Type.Integer({ minimum: 0 }),
  maybe: Type.Integer({ minimum: 0 }),
  no: Type.Integer({ minimum: 0 }),
})
export type ScoredOption = Static<typeof ScoredOptionSchema>

/**
 * The best date × place combination, as an automatic finalize would take it (yes = 1,
 * if-need-be = 0.5; an option everyone who answered it rejected is never chosen; ties → more yes,
 * then the earliest time / the first place). Time and place are voted on separately, so the best
 * combination is the best time with the best place; each part is null when none can be chosen.
 */
export const BestCombinationSchema = Type.Object(
  {
    time: Type.Union([ScoredOptionSchema, Type.Null()]),
    place: Type.Union([ScoredOptionSchema, Type.Null()]),
    score: Type.Number({ minimum: 0, description: 'The time’s score plus the place’s score' }),
  },
  { description: 'The best date × place combination and why (scores: yes = 1, if-need-be = 0.5)' },
)
export type BestCombination = Static<typeof BestCombinationSchema>

/**
 * Which of an event's privacy settings shaped this board for its reader:
 * full = every count and name; names-hidden = counts only (hideNames, not the organizer);
 * results-hidden = no counts, names or best choice (hideResults, the reader has not voted yet).
 */
export const BoardView = Type.Union(
  [Type.Literal('full'), Type.Literal('names-hidden'), Type.Literal('results-hidden')],
  { description: 'full | names-hidden (hideNames) | results-hidden (hideResults until you have voted)' },
)
export type BoardView = Static<typeof BoardView>

/** On a WebSocket, every board supersedes the one before it (the server sends them in order). */
export const BoardSchema = Type.Object({
  eventId: ObjectIdString,
  eventVersion: Type.Integer(),
  title: Type.String(),
  status: EventStatus,
  visibility: Visibility,
  /** The event's privacy settings (events/privacy.ts) and what they hid from this reader. */
  hideResults: Type.Boolean(),
  hideNames: Type.Boolean(),
  view: BoardView,
  organizerId: Type.String(),
  votingDeadline: Type.Union([Instant, Type.Null()]),
  final: Type.Union([FinalChoiceSchema, Type.Null()]),
  timeOptions: Type.Array(BoardTimeOptionSchema),
  placeOptions: Type.Array(BoardPlaceOptionSchema),
  participants: Type.Array(VoterSchema),
  notVoted: Type.Array(VoterSchema),
  /** Best by: most yes, then most yes+maybe, then earliest start (time) / first added (place). Null without any yes or maybe. */
  bestTimeOptionId: Type.Union([ObjectIdString, Type.Null()]),
  bestPlaceOptionId: Type.Union([ObjectIdString, Type.Null()]),
  /** Null when no time and no place can be chosen yet, or while results are hidden from the reader. */
  bestCombination: Type.Union([BestCombinationSchema, Type.Null()]),
})
export type Board = Static<typeof BoardSchema>

/**
 * `GET /api/votes/internal/:eventId/best` (events' deadline sweeper): the time and place an
 * automatic finalize takes. Scores yes = 1, if-need-be = 0.5; an option everyone who answered it
 * refused is never chosen; ties → more yes, then the earliest time / the first place. Null when no
 * option of that kind can be chosen (then the event is not finalized automatically).
 */
export const BestChoiceSchema = Type.Object({
  eventId: ObjectIdString,
  eventVersion: Type.Integer(),
  timeOptionId: Type.Union([ObjectIdString, Type.Null()]),
  placeOptionId: Type.Union([ObjectIdString, Type.Null()]),
})
export type BestChoice = Static<typeof BestChoiceSchema>
