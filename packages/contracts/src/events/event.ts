/** Events with options of two kinds, time and place, that participants vote on. */
import { Type, type Static } from '@sinclair/typebox'
import { Instant, ObjectIdString } from '../common/ids.js'
import { TimeZoneName } from '../common/time-zone.js'
import { MultiLineText, SingleLineText } from '../common/text.js'
import { CursorQuery, Page } from '../common/pagination.js'
import { HideNames, HideResults, PrivacySettings, VISIBILITY_DESCRIPTION } from './privacy.js'
import { Capacity, Seat, SeatingSchema } from './seating.js'

export const MAX_OPTIONS_PER_KIND = 30

export const Visibility = Type.Union([Type.Literal('public'), Type.Literal('private')], {
  description: VISIBILITY_DESCRIPTION,
})
export const EventStatus = Type.Union([
  Type.Literal('polling'),
  Type.Literal('finalized'),
  Type.Literal('cancelled'),
])
export type EventStatus = Static<typeof EventStatus>

const Title = SingleLineText({ minLength: 1, maxLength: 120 })
const Description = MultiLineText({ maxLength: 4000 })
const HttpUrl = Type.String({ maxLength: 2000, format: 'uri', pattern: '^https?://' })

/**
 * Set on an option that replaced another because the organizer changed what it means (a time's start
 * or end, a place's name or address): answers to the replaced option no longer count, and `version`
 * is the event version in which that happened, so voters can be told once.
 */
const Revision = { id: ObjectIdString, version: Type.Integer() }

/**
 * Who proposed an option (issue 16, item 3): the organizer, or a participant when the organizer lets
 * participants propose options. Absent on options written before this existed: the organizer's.
 */
export const ProposedBySchema = Type.Object(
  { id: Type.String(), name: Type.String() },
  { description: 'Who proposed this option (absent: the organizer)' },
)
export type ProposedBy = Static<typeof ProposedBySchema>

export const TimeOptionSchema = Type.Object({
  id: ObjectIdString,
  startsAt: Instant,
  endsAt: Instant,
  revisedFrom: Type.Optional(Type.Object({ ...Revision, startsAt: Instant, endsAt: Instant })),
  proposedBy: Type.Optional(ProposedBySchema),
})
export type TimeOption = Static<typeof TimeOptionSchema>

export const NewTimeOptionSchema = Type.Object(
  {
    startsAt: Instant,
    endsAt: Type.Optional(Instant),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 60 * 24 * 14 })),
  },
  { additionalProperties: false, description: 'Give endsAt or durationMinutes (default 120 minutes)' },
)
export type NewTimeOption = Static<typeof NewTimeOptionSchema>

export const PlaceOptionSchema = Type.Object({
  id: ObjectIdString,
  name: Type.String(),
  address: Type.Optional(Type.String()),
  mapUrl: Type.Optional(Type.String()),
  lat: Type.Optional(Type.Number()),
  lon: Type.Optional(Type.Number()),
  capacity: Type.Optional(Capacity),
  revisedFrom: Type.Optional(
    Type.Object({ ...Revision, name: Type.String(), address: Type.Optional(Type.String()) }),
  ),
  proposedBy: Type.Optional(ProposedBySchema),
})
export type PlaceOption = Static<typeof PlaceOptionSchema>

export const NewPlaceOptionSchema = Type.Object(
  {
    name: SingleLineText({ minLength: 1, maxLength: 120 }),
    address: Type.Optional(SingleLineText({ maxLength: 300 })),
    mapUrl: Type.Optional(HttpUrl),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    capacity: Type.Optional(Capacity),
  },
  { additionalProperties: false },
)
export type NewPlaceOption = Static<typeof NewPlaceOptionSchema>

export const PersonSchema = Type.Object({ id: Type.String(), name: Type.String() })

/** A participant's answer to "are you coming?" once the event is decided (issue 15, item 6). */
export const RsvpAnswer = Type.Union([Type.Literal('coming'), Type.Literal('late'), Type.Literal('cannot')], {
  description: "coming = I'm coming, late = running late, cannot = can't make it",
})
export type RsvpAnswer = Static<typeof RsvpAnswer>

export const ParticipantSchema = Type.Object({
  id: Type.String({ description: 'User id, or the guest participant id' }),
  kind: Type.Union([Type.Literal('user'), Type.Literal('participant')]),
  name: Type.String(),
  joinedAt: Instant,
  /** Absent until the participant answers; the last answer wins. Optional so older messages stay valid. */
  rsvp: Type.Optional(RsvpAnswer),
  rsvpAt: Type.Optional(Instant),
  /** Only on a finalized event with a capacity (see seating.ts). */
  seat: Type.Optional(Seat),
  waitlistPosition: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Place on the waitlist, 1 = next to move up' }),
  ),
})
export type Participant = Static<typeof ParticipantSchema>

export const FinalChoiceSchema = Type.Object({
  timeOptionId: ObjectIdString,
  placeOptionId: ObjectIdString,
  startsAt: Instant,
  endsAt: Instant,
  place: PlaceOptionSchema,
})
export type FinalChoice = Static<typeof FinalChoiceSchema>

/**
 * How many hours before the voting deadline those who have not voted get one private Telegram
 * reminder. Only meaningful with a deadline: an event without one reports null (off).
 */
export const NudgeHours = Type.Integer({ minimum: 1, maximum: 168 })
export const DEFAULT_NUDGE_HOURS = 24

/** Deadline settings shared by the create and update bodies. */
const DeadlineSettings = {
  autoFinalize: Type.Optional(
    Type.Boolean({
      description: 'At the voting deadline, finalize with the best time and place (default false)',
    }),
  ),
  nudgeHoursBeforeDeadline: Type.Optional(
    Type.Union([NudgeHours, Type.Null()], {
      description: `Telegram reminder to those who have not voted, hours before the deadline (default ${DEFAULT_NUDGE_HOURS}; null = off)`,
    }),
  ),
}

/** Participant options setting shared by the create and update bodies (issue 16, item 3). */
const ParticipantOptionsSetting = {
  allowParticipantOptions: Type.Optional(
    Type.Boolean({
      description:
        'Participants may propose options: add a time or a place while voting (default false); the organizer can remove any option',
    }),
  ),
}

export const EventSchema = Type.Object({
  id: ObjectIdString,
  title: Type.String(),
  description: Type.String(),
  timeZone: Type.String(),
  visibility: Visibility,
  hideResults: HideResults,
  hideNames: HideNames,
  status: EventStatus,
  organizer: PersonSchema,
  votingDeadline: Type.Union([Instant, Type.Null()]),
  /** Finalize by itself at the deadline (see voting's best-choice rule). */
  autoFinalize: Type.Boolean(),
  /** Null when off or when there is no deadline. */
  nudgeHoursBeforeDeadline: Type.Union([NudgeHours, Type.Null()]),
  /** Participants may propose options (times and places) themselves. */
  allowParticipantOptions: Type.Boolean(),
  hasCover: Type.Boolean(),
  /** Optional so answers cached before capacities existed still check. */
  capacity: Type.Optional(Type.Union([Capacity, Type.Null()])),
  seating: Type.Optional(Type.Union([SeatingSchema, Type.Null()])),
  timeOptions: Type.Array(TimeOptionSchema),
  placeOptions: Type.Array(PlaceOptionSchema),
  participants: Type.Array(ParticipantSchema),
  invited: Type.Array(PersonSchema),
  final: Type.Union([FinalChoiceSchema, Type.Null()]),
  /** Only the organizer sees the invite token. */
  inviteToken: Type.Optional(Type.String()),
  /** Set on a poll that a series of repeat meetups created: the series' id. */
  seriesId: Type.Optional(ObjectIdString),
  version: Type.Integer(),
  createdAt: Instant,
  updatedAt: Instant,
})
export type Event = Static<typeof EventSchema>

export const CreateEventSchema = Type.Object(
  {
    title: Title,
    description: Type.Optional(Description),
    timeZone: TimeZoneName,
    visibility: Type.Optional(
      Type.Union(Visibility.anyOf, { default: 'private', description: VISIBILITY_DESCRIPTION }),
    ),
    ...PrivacySettings,
    votingDeadline: Type.Optional(Instant),
    capacity: Type.Optional(Type.Union([Capacity, Type.Null()])),
    ...DeadlineSettings,
    ...ParticipantOptionsSetting,
    timeOptions: Type.Array(NewTimeOptionSchema, { maxItems: MAX_OPTIONS_PER_KIND, default: [] }),
    placeOptions: Type.Array(NewPlaceOptionSchema, { maxItems: MAX_OPTIONS_PER_KIND, default: [] }),
  },
  { additionalProperties: false },
)
export type CreateEvent = Static<typeof CreateEventSchema>

export const UpdateEventSchema = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    timeZone: Type.Optional(TimeZoneName),
    visibility: Type.Optional(Visibility),
    ...PrivacySettings,
    votingDeadline: Type.Optional(Type.Union([Instant, Type.Null()])),
    capacity: Type.Optional(Type.Union([Capacity, Type.Null()])),
    ...DeadlineSettings,
    ...ParticipantOptionsSetting,
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateEvent = Static<typeof UpdateEventSchema>

export const FinalizeEventSchema = Type.Object(
  {
    timeOptionId: ObjectIdString,
    placeOptionId: ObjectIdString,
    force: Type.Optional(
      Type.Boolean({
        description:
          'Finalize guard: finalizing a time or place that every voter who answered it rejected (all "no") ' +
          'answers 409 unless force is true (the confirm step). Not needed without votes.',
      }),
    ),
  },
  { additionalProperties: false },
)
export type FinalizeEvent = Static<typeof FinalizeEventSchema>

export const JoinEventSchema = Type.Object(
  {
    inviteToken: Type.String({ minLength: 16, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    displayName: Type.Optional(SingleLineText({ minLength: 1, maxLength: 60 })),
  },
  {
    additionalProperties: false,
    description: 'Signed-in users join as themselves; guests give a display name',
  },
)
export type JoinEvent = Static<typeof JoinEventSchema>

export const JoinResultSchema = Type.Object({
  eventId: ObjectIdString,
  participant: ParticipantSchema,
  /** For guests: an access token scoped to this event (send it as a Bearer token). */
  participantToken: Type.Optional(Type.String()),
})
export type JoinResult = Static<typeof JoinResultSchema>

/** `PUT /api/events/:id/rsvp`: a participant's answer for a finalized event (409 before or after). */
export const RsvpBodySchema = Type.Object({ answer: RsvpAnswer }, { additionalProperties: false })
export type RsvpBody = Static<typeof RsvpBodySchema>

export const InviteUserSchema = Type.Object(
  { userId: ObjectIdString, name: SingleLineText({ minLength: 1, maxLength: 60 }) },
  { additionalProperties: false },
)

export const TimeOfDay = Type.Union(
  [Type.Literal('morning'), Type.Literal('afternoon'), Type.Literal('evening'), Type.Literal('night')],
  { description: 'morning 05–12, afternoon 12–17, evening 17–22, night 22–05, in the event’s time zone' },
)
export type TimeOfDay = Static<typeof TimeOfDay>

export const ListEventsQuerySchema = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date', description: 'First day (YYYY-MM-DD), inclusive' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'Last day (YYYY-MM-DD), inclusive' })),
    timeOfDay: Type.Optional(TimeOfDay),
    place: Type.Optional(SingleLineText({ minLength: 1, maxLength: 100 })),
    q: Type.Optional(SingleLineText({ minLength: 1, maxLength: 100 })),
    ...CursorQuery,
  },
  { additionalProperties: false },
)
export type ListEventsQuery = Static<typeof ListEventsQuerySchema>

export const EventSummarySchema = Type.Object({
  id: ObjectIdString,
  title: Type.String(),
  timeZone: Type.String(),
  status: EventStatus,
  /** The final start, or the earliest proposed start while voting. */
  startsAt: Type.Union([Instant, Type.Null()]),
  placeName: Type.Union([Type.String(), Type.Null()]),
  timeOptionCount: Type.Integer(),
  placeOptionCount: Type.Integer(),
  participantCount: Type.Integer(),
  hasCover: Type.Boolean(),
})
export type EventSummary = Static<typeof EventSummarySchema>

export const EventPageSchema = Page(EventSummarySchema)
export type EventPage = Static<typeof EventPageSchema>

/** `GET /api/events/mine`: every event I organize or take part in (not paged: a person has few). */
export const MyEventsSchema = Type.Object({ items: Type.Array(EventSummarySchema) })
export type MyEvents = Static<typeof MyEventsSchema>

/** `POST /api/events/:id/invite-link`: the new invite token (the old link stops working). */
export const InviteLinkSchema = Type.Object({ inviteToken: Type.String() })
export type InviteLink = Static<typeof InviteLinkSchema>

/** The largest cover image accepted (bytes); the form checks it before uploading. */
export const MAX_COVER_BYTES = 5 * 1024 * 1024
