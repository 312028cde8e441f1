/**
 * Removing a participant (organizer) and leaving (participant), as pure rules. A removal is bound
 * to the invite link of the moment: the removed person cannot rejoin (by that link, or by id on a
 * public event) until the organizer rotates the link or invites them by name again.
 */
import { HttpProblem, conflict, forbidden } from '@prost/platform'
import type { EventDoc } from './event-document.js'

function participantOf(doc: EventDoc, participantId: string) {
  const participant = doc.participants.find((p) => p.id === participantId)
  if (!participant) throw new HttpProblem('not-found', 'No such participant in this event')
  return participant
}

function withoutParticipant(doc: EventDoc, participantId: string): Partial<EventDoc> {
  return {
    participants: doc.participants.filter((p) => p.id !== participantId),
    invited: doc.invited.filter((i) => i.id !== participantId),
    waitlist: (doc.waitlist ?? []).filter((id) => id !== participantId),
  }
}

export function removeParticipant(doc: EventDoc, participantId: string) {
  if (doc.status === 'cancelled') throw conflict('The event is cancelled')
  if (participantId === doc.organizer.id) throw conflict('The organizer cannot be removed')
  const participant = participantOf(doc, participantId)
  const removed = [
    ...(doc.removed ?? []).filter((r) => r.id !== participantId),
    { id: participantId, inviteToken: doc.inviteToken },
  ]
  return { changes: { ...withoutParticipant(doc, participantId), removed }, participant }
}

export function leaveEvent(doc: EventDoc, participantId: string) {
  if (doc.status === 'cancelled') throw conflict('The event is cancelled')
  // An event has one organizer, so the organizer is always the last one: cancelling is their way out.
  if (participantId === doc.organizer.id)
    throw conflict('The last organizer cannot leave; cancel the event instead')
  const participant = participantOf(doc, participantId)
  return { changes: withoutParticipant(doc, participantId), participant }
}

/** Refuses someone the organizer removed while the invite link is still the one they were removed under. */
export function assertNotRemoved(doc: EventDoc, participantId: string) {
  if (doc.removed?.some((r) => r.id === participantId && r.inviteToken === doc.inviteToken))
    throw forbidden('The organizer removed you from this event; ask them for a new invite link')
}
