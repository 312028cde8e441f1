/**
 * Domain messages the events service publishes on the prost.events exchange (routing key = type).
 * Voting keeps its read model of options and participants from them; notifications schedules
 * reminders from them. Each carries the full current state it is about, so consumers never need
 * to call back, and a late or repeated message can be applied idempotently by comparing `version`.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Envelope } from './envelope.js'
import {
  EventStatus,
  FinalChoiceSchema,
  NudgeHours,
  ParticipantSchema,
  PersonSchema,
  PlaceOptionSchema,
  TimeOptionSchema,
  Visibility,
} from '../events/event.js'
import { Instant, ObjectIdString } from '../common/ids.js'

/** The state of an event as carried by every event.* message. */
export const EventStateSchema = Type.Object({
  eventId: ObjectIdString,
  version: Type.Integer({ description: 'Increases with every change; apply only newer versions' }),
  title: Type.String(),
  timeZone: Type.String(),
  visibility: Visibility,
  /** Privacy settings (events/privacy.ts); optional so older messages still check: absent = false. */
  hideResults: Type.Optional(Type.Boolean()),
  hideNames: Type.Optional(Type.Boolean()),
  status: EventStatus,
  organizer: PersonSchema,
  votingDeadline: Type.Union([Instant, Type.Null()]),
  /** Optional so messages from before these settings existed still check; absent = false / off. */
  autoFinalize: Type.Optional(Type.Boolean()),
  nudgeHoursBeforeDeadline: Type.Optional(Type.Union([NudgeHours, Type.Null()])),
  /** The deadline passed with autoFinalize on but no time or place was choosable: the organizer decides. */
  autoFinalizeUndecided: Type.Optional(Type.Boolean()),
  timeOptions: Type.Array(TimeOptionSchema),
  placeOptions: Type.Array(PlaceOptionSchema),
  participants: Type.Array(ParticipantSchema),
  invitedUserIds: Type.Array(Type.String()),
  final: Type.Union([FinalChoiceSchema, Type.Null()]),
  /** On event.created of a poll a series of repeat meetups made: its invitees are told. */
  series: Type.Optional(
    Type.Object({ id: ObjectIdString, date: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' }) }),
  ),
})
export type EventState = Static<typeof EventStateSchema>

export const EVENT_MESSAGE_TYPES = [
  'event.created',
  'event.updated',
  'event.finalized',
  'event.rescheduled',
  'event.cancelled',
  'participant.joined',
  'participant.removed',
  'participant.left',
] as const
export type EventMessageType = (typeof EVENT_MESSAGE_TYPES)[number]

export const EventCreatedMessage = Envelope('event.created', 1, EventStateSchema)
export const EventUpdatedMessage = Envelope('event.updated', 1, EventStateSchema)
export const EventFinalizedMessage = Envelope('event.finalized', 1, EventStateSchema)
export const EventRescheduledMessage = Envelope('event.rescheduled', 1, EventStateSchema)
export const EventCancelledMessage = Envelope('event.cancelled', 1, EventStateSchema)
export const ParticipantJoinedMessage = Envelope(
  'participant.joined',
  1,
  Type.Composite([EventStateSchema, Type.Object({ participant: ParticipantSchema })]),
)

/** The organizer removed a participant: the state no longer lists them; voting drops their ballot. */
export const ParticipantRemovedMessage = Envelope(
  'participant.removed',
  1,
  Type.Composite([EventStateSchema, Type.Object({ participant: ParticipantSchema })]),
)
/** A participant left: the same as a removal, except that they may come back with the link. */
export const ParticipantLeftMessage = Envelope(
  'participant.left',
  1,
  Type.Composite([EventStateSchema, Type.Object({ participant: ParticipantSchema })]),
)

export const EventMessageSchema = Type.Union([
  EventCreatedMessage,
  EventUpdatedMessage,
  EventFinalizedMessage,
  EventRescheduledMessage,
  EventCancelledMessage,
  ParticipantJoinedMessage,
  ParticipantRemovedMessage,
  ParticipantLeftMessage,
])
export type EventMessage = Static<typeof EventMessageSchema>
