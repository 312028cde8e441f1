/** What an invite link shows before anyone joins: the event as an invitee may see it, and nothing more. */
import { Type, type Static } from '@sinclair/typebox'
import { Instant, ObjectIdString } from '../common/ids.js'
import { EventStatus, FinalChoiceSchema, PlaceOptionSchema, TimeOptionSchema } from './event.js'

/** The secret part of an invite link (`/join/<token>`). */
export const InviteToken = Type.String({
  minLength: 16,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'The secret of an invite link',
})

export const InviteParamsSchema = Type.Object({ token: InviteToken }, { additionalProperties: false })

/** The caller, when the token they sent already belongs to a participant of this event. */
export const InviteYouSchema = Type.Object(
  {
    name: Type.String(),
    kind: Type.Union([Type.Literal('user'), Type.Literal('participant')]),
    organizer: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type InviteYou = Static<typeof InviteYouSchema>

/**
 * The invite preview. No invite token, no participant ids or names, no organizer id: the link may
 * be forwarded to anyone. `eventId` alone opens nothing (private events need membership); the SPA
 * needs it to recognise a guest session it already holds for this event.
 */
export const InvitePreviewSchema = Type.Object(
  {
    eventId: ObjectIdString,
    title: Type.String(),
    description: Type.String(),
    organizer: Type.Object({ name: Type.String() }, { additionalProperties: false }),
    status: EventStatus,
    timeZone: Type.String(),
    votingDeadline: Type.Union([Instant, Type.Null()]),
    timeOptions: Type.Array(TimeOptionSchema),
    placeOptions: Type.Array(PlaceOptionSchema),
    final: Type.Union([FinalChoiceSchema, Type.Null()]),
    participantCount: Type.Integer({ minimum: 0 }),
    you: Type.Optional(InviteYouSchema),
  },
  { additionalProperties: false },
)
export type InvitePreview = Static<typeof InvitePreviewSchema>
