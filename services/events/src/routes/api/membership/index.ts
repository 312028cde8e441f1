/**
 * Remove and leave: the organizer removes a participant, a participant leaves. Either way their
 * ballot leaves the board at once (voting drops it on participant.removed / participant.left), their
 * pending reminders are cancelled (notifications reconciles them to the participants in the message),
 * and a seat they held goes to the first on the waitlist, who is told.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { bearerAuth } from '@prost/platform'
import { EventSchema, LeaveResultSchema, ParticipantParamsSchema, type LeaveResult } from '@prost/contracts'
import { toEvent, toView, type StoredParticipant } from '../../../events/event-document.js'
import { assertOrganizer, assertParticipant } from '../../../events/access.js'
import { leaveEvent, removeParticipant } from '../../../events/membership.js'
import { EventIdParams, eventProblems } from '../schemas.js'

const asMessagePart = ({ rsvpAt, ...p }: StoredParticipant) => ({
  participant: {
    ...p,
    joinedAt: p.joinedAt.toISOString(),
    ...(rsvpAt ? { rsvpAt: rsvpAt.toISOString() } : {}),
  },
})

export const membershipRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const repo = fastify.eventsRepository

  fastify.delete(
    '/:id/participants/:participantId',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['participation'],
        summary:
          'Remove a participant (organizer): their votes leave the board and their reminders are cancelled',
        description:
          'The removed participant cannot rejoin with the same invite link until the organizer replaces it ' +
          '(`POST /api/events/:id/invite-link`) or invites them by name again. If they had a seat, the first on the waitlist moves up and is told. ' +
          'The organizer cannot be removed (409); a cancelled event is left as it is (409).',
        security: bearerAuth,
        params: ParticipantParamsSchema,
        response: { 200: EventSchema, ...eventProblems },
      },
    },
    async (request) => {
      assertOrganizer(await repo.view(request.params.id), request)
      const doc = await repo.mutate(request.params.id, (current) => {
        const { changes, participant } = removeParticipant(current, request.params.participantId)
        return { changes, message: 'participant.removed', extraPayload: asMessagePart(participant) }
      })
      return toEvent(toView(doc), request.user.sub)
    },
  )

  fastify.post(
    '/:id/leave',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['participation'],
        summary: 'Leave the event (participant): your votes leave the board and your reminders are cancelled',
        description:
          'You may join again later with the invite link. If you had a seat, the first on the waitlist moves up. ' +
          'The last organizer cannot leave (409): cancel the event instead.',
        security: bearerAuth,
        params: EventIdParams,
        response: { 200: LeaveResultSchema, ...eventProblems },
      },
    },
    async (request): Promise<LeaveResult> => {
      const { participantId } = assertParticipant(await repo.view(request.params.id), request)
      await repo.mutate(request.params.id, (current) => {
        const { changes, participant } = leaveEvent(current, participantId)
        return { changes, message: 'participant.left', extraPayload: asMessagePart(participant) }
      })
      return { eventId: request.params.id, left: true }
    },
  )
}
