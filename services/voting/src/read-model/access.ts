/**
 * Who may see an event's board and who may vote, from the token's claims and the read model.
 * A participant (invite-link guest) token counts only for the event it was issued for.
 */
import type { AccessClaims } from '@prost/platform'
import type { BoardReader, EventState } from '@prost/contracts'

export function isParticipant(state: EventState, claims: AccessClaims | null | undefined): boolean {
  if (!claims) return false
  if (claims.kind === 'participant' && claims.eventId !== state.eventId) return false
  return state.participants.some((p) => p.id === claims.sub)
}

/** Public events: anyone. Private events: their participants (the organizer is the first one). */
export function canSeeBoard(state: EventState, claims: AccessClaims | null | undefined): boolean {
  return state.visibility === 'public' || isParticipant(state, claims)
}

/** The reader as the board's privacy view needs them: a participant of this event, or anyone. */
export const boardReader = (state: EventState, claims: AccessClaims | null | undefined): BoardReader => ({
  participantId: claims && isParticipant(state, claims) ? claims.sub : null,
})
