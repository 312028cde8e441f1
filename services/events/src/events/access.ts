/**
 * Who may see and change an event. Outsiders cannot tell a private event from a missing one (404);
 * people who can see an event but may not change it get 403.
 */
import type { FastifyRequest } from 'fastify'
import { forbidden, notFound, unauthenticated } from '@prost/platform'
import type { ProposedBy } from '@prost/contracts'
import type { EventView } from './event-document.js'

/** The caller's id as a member of this event (user id, or guest participant id scoped to it). */
export function memberId(request: FastifyRequest, eventId: string): string | undefined {
  const user = request.user
  if (!user) return undefined
  if (user.kind === 'participant' && user.eventId !== eventId) return undefined
  return user.sub
}

export function canSee(view: Pick<EventView, 'id' | 'visibility' | 'memberIds'>, request: FastifyRequest) {
  if (view.visibility === 'public') return true
  const id = memberId(request, view.id)
  return (
    id !== undefined &&
    (view.memberIds.includes(id) || (request.user?.kind === 'user' && request.user.role === 'admin'))
  )
}

export function assertVisible<T extends Pick<EventView, 'id' | 'visibility' | 'memberIds'>>(
  view: T | null,
  request: FastifyRequest,
): T {
  if (!view || !canSee(view, request)) throw notFound('No such event')
  return view
}

export function assertOrganizer<T extends Pick<EventView, 'id' | 'visibility' | 'memberIds' | 'organizer'>>(
  view: T | null,
  request: FastifyRequest,
): T {
  const visible = assertVisible(view, request)
  const user = request.user
  if (!user) throw unauthenticated()
  if (user.kind !== 'user' || user.sub !== visible.organizer.id)
    throw forbidden('Only the organizer can do that')
  return visible
}

export function assertParticipant(
  view: Pick<EventView, 'id' | 'visibility' | 'memberIds' | 'participants'> | null,
  request: FastifyRequest,
) {
  const visible = assertVisible(view, request)
  const id = memberId(request, visible.id)
  if (!id) throw unauthenticated()
  if (!visible.participants.some((p) => p.id === id)) throw forbidden('Join the event first')
  return { view: visible, participantId: id }
}

/**
 * Who may add an option: the organizer, and a participant while the organizer lets participants
 * propose options (the rule checks the setting again under the event's lock). Returns who proposes.
 */
export function assertMayProposeOption(
  view: Pick<
    EventView,
    'id' | 'visibility' | 'memberIds' | 'organizer' | 'participants' | 'allowParticipantOptions'
  > | null,
  request: FastifyRequest,
): ProposedBy {
  const visible = assertVisible(view, request)
  const id = memberId(request, visible.id)
  if (!id || !request.user) throw unauthenticated()
  if (request.user.kind === 'user' && id === visible.organizer.id) return visible.organizer
  const participant = visible.participants.find((p) => p.id === id)
  if (!participant || !visible.allowParticipantOptions) throw forbidden('Only the organizer can do that')
  return { id: participant.id, name: participant.name }
}

/**
 * Who may remove an option: the organizer (any option) or a participant (the rule lets them remove
 * only one they proposed). Returns the remover's id.
 */
export function assertMayRemoveOption(
  view: Pick<EventView, 'id' | 'visibility' | 'memberIds' | 'organizer' | 'participants'> | null,
  request: FastifyRequest,
): string {
  const visible = assertVisible(view, request)
  const id = memberId(request, visible.id)
  if (!id || !request.user) throw unauthenticated()
  if (request.user.kind === 'user' && id === visible.organizer.id) return id
  if (!visible.participants.some((p) => p.id === id)) throw forbidden('Only the organizer can do that')
  return id
}
