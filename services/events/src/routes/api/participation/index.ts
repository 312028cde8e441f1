/**
 * Joining: by invite link (signed-in users as themselves, guests with just a name, who get a
 * participant token scoped to the event), by invitation, or to a public event; and inviting.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ObjectId } from 'mongodb'
import {
  HttpProblem,
  bearerAuth,
  forbidden,
  invalid,
  notFound,
  requireUser,
  verifiedClaims,
} from '@prost/platform'
import {
  EventSchema,
  InviteLinkSchema,
  InviteParamsSchema,
  InvitePreviewSchema,
  InviteUserSchema,
  JoinEventSchema,
  JoinResultSchema,
  RsvpBodySchema,
  type JoinResult,
} from '@prost/contracts'
import { addParticipant, newInviteToken, setRsvp } from '../../../events/event-rules.js'
import { toInvitePreview } from '../../../events/invite-preview.js'
import { assertNotRemoved } from '../../../events/membership.js'
import { toEvent, toView, type EventDoc, type StoredParticipant } from '../../../events/event-document.js'
import { assertOrganizer, assertParticipant, assertVisible, memberId } from '../../../events/access.js'
import { EventIdParams, eventProblems } from '../schemas.js'

/** The joiner as stored in `doc`, with their seat when the event has seats (a full one: the waitlist). */
const asJoined = (eventId: string, doc: EventDoc, id: string): JoinResult => ({
  eventId,
  participant: toView(doc).participants.find((p) => p.id === id)!,
})

export const participationRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const repo = fastify.eventsRepository
  const { participantTokenTtlSeconds } = fastify.eventsSettings

  async function join(eventId: string, participant: StoredParticipant) {
    return repo.mutate(eventId, (current) => {
      const changes = addParticipant(current, participant)
      return changes
        ? {
            changes,
            message: 'participant.joined',
            extraPayload: { participant: { ...participant, joinedAt: participant.joinedAt.toISOString() } },
          }
        : null
    })
  }

  fastify.get(
    '/invites/:token',
    {
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        tags: ['participation'],
        summary:
          'What an invite link shows before joining: the event without the people in it (no sign-in needed)',
        description:
          'A Bearer token is optional: when it belongs to a participant of this event, `you` says who they joined as. ' +
          'An invalid or expired token is ignored rather than refused, so a stale guest session still sees the preview.',
        params: InviteParamsSchema,
        response: { 200: InvitePreviewSchema, ...eventProblems },
      },
    },
    async (request, reply) => {
      // An invalid or expired token is ignored here (see the description), not refused.
      const claims = verifiedClaims(request)
      if (claims) request.user = claims
      const event = await repo.findByInviteToken(request.params.token)
      if (!event) throw notFound('This invite link is not valid (any more); ask the organizer for a new one')
      // The answer depends on the caller's token and must stop working the moment the link is replaced.
      void reply.header('cache-control', 'private, no-store')
      return toInvitePreview(event, request.user)
    },
  )

  fastify.post(
    '/join',
    {
      preValidation: fastify.optionalAuth,
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags: ['participation'],
        summary: 'Join by invite link: as yourself when signed in, or as a guest with a display name',
        body: JoinEventSchema,
        response: { 200: JoinResultSchema, ...eventProblems },
      },
    },
    async (request): Promise<JoinResult> => {
      const event = await repo.findByInviteToken(request.body.inviteToken)
      if (!event) throw notFound('This invite link is not valid (any more); ask the organizer for a new one')
      const eventId = event._id.toHexString()
      const user = request.user
      if (user?.kind === 'user') {
        const participant: StoredParticipant = {
          id: user.sub,
          kind: 'user',
          name: user.name,
          joinedAt: new Date(),
        }
        return asJoined(eventId, await join(eventId, participant), user.sub)
      }
      if (user?.kind === 'participant' && user.eventId === eventId) {
        const existing = event.participants.find((p) => p.id === user.sub)
        if (existing) return asJoined(eventId, event, existing.id)
        // A removed guest's token still names them: no new guest identity by the same link.
        assertNotRemoved(event, user.sub)
      }
      const displayName = request.body.displayName?.trim()
      if (!displayName) throw invalid('/body/displayName', 'is required to join as a guest')
      const participant: StoredParticipant = {
        id: new ObjectId().toHexString(),
        kind: 'participant',
        name: displayName,
        joinedAt: new Date(),
      }
      const doc = await join(eventId, participant)
      const participantToken = await fastify.signAccessToken(
        { sub: participant.id, kind: 'participant', eventId, name: displayName },
        { expiresInSeconds: participantTokenTtlSeconds },
      )
      return { ...asJoined(eventId, doc, participant.id), participantToken }
    },
  )

  fastify.post(
    '/:id/join',
    {
      preValidation: [fastify.authenticate, requireUser],
      schema: {
        tags: ['participation'],
        summary: 'Join a public event, or a private one you were invited to',
        security: bearerAuth,
        params: EventIdParams,
        response: { 200: EventSchema, ...eventProblems },
      },
    },
    async (request) => {
      const view = assertVisible(await repo.view(request.params.id), request)
      const user = request.user
      if (
        view.visibility === 'private' &&
        !view.invited.some((i) => i.id === user.sub) &&
        view.organizer.id !== user.sub
      ) {
        throw forbidden('This event is private; join with the invite link')
      }
      const doc = await join(view.id, { id: user.sub, kind: 'user', name: user.name, joinedAt: new Date() })
      return toEvent(toView(doc), user.sub)
    },
  )

  fastify.put(
    '/:id/rsvp',
    {
      preValidation: fastify.authenticate,
      config: { rateLimit: { max: 60, timeWindow: 60_000 } },
      schema: {
        tags: ['participation'],
        summary: "Say whether you are coming (participant): I'm coming, running late, or can't make it",
        description:
          'Only for a finalized event (409 while voting or once cancelled). One answer per participant, the last one ' +
          'wins; it is on the participant in the event and in the event.updated message, so the bot can tell the ' +
          'organizer when someone runs late.',
        security: bearerAuth,
        params: EventIdParams,
        body: RsvpBodySchema,
        response: { 200: EventSchema, ...eventProblems },
      },
    },
    async (request) => {
      const { participantId } = assertParticipant(await repo.view(request.params.id), request)
      const doc = await repo.mutate(request.params.id, (current) => {
        const changes = setRsvp(current, participantId, request.body.answer, new Date())
        return changes ? { changes, message: 'event.updated' } : null
      })
      return toEvent(toView(doc), memberId(request, request.params.id))
    },
  )

  fastify.post(
    '/:id/invitations',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['participation'],
        summary: 'Invite a registered user (organizer); they can then see and join the event',
        security: bearerAuth,
        params: EventIdParams,
        body: InviteUserSchema,
        response: { 200: EventSchema, ...eventProblems },
      },
    },
    async (request) => {
      assertOrganizer(await repo.view(request.params.id), request)
      const doc = await repo.mutate(request.params.id, (current) => {
        if (current.status === 'cancelled') throw new HttpProblem('conflict', 'The event is cancelled')
        if (current.invited.some((i) => i.id === request.body.userId)) return null
        if (current.invited.length >= 500)
          throw new HttpProblem('conflict', 'At most 500 invitations per event')
        return {
          changes: {
            invited: [...current.invited, { id: request.body.userId, name: request.body.name }],
            // Inviting someone the organizer once removed is the organizer letting them back in.
            ...(current.removed?.some((r) => r.id === request.body.userId)
              ? { removed: current.removed.filter((r) => r.id !== request.body.userId) }
              : {}),
          },
          message: 'event.updated',
        }
      })
      return toEvent(toView(doc), request.user.sub)
    },
  )

  fastify.post(
    '/:id/invite-link',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['participation'],
        summary: 'Replace the invite link (organizer); the old one stops working',
        security: bearerAuth,
        params: EventIdParams,
        response: { 200: InviteLinkSchema, ...eventProblems },
      },
    },
    async (request) => {
      assertOrganizer(await repo.view(request.params.id), request)
      const doc = await repo.mutate(request.params.id, () => ({ changes: { inviteToken: newInviteToken() } }))
      return { inviteToken: doc.inviteToken }
    },
  )
}
