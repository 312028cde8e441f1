/** Whether a ballot may be written now; throws the problem the caller should get. Pure. */
import type { EventState } from '@prost/contracts'
import { conflict, forbidden, HttpProblem, notFound, type AccessClaims } from '@prost/platform'
import type { BallotChoices } from '@prost/contracts'
import { canSeeBoard, isParticipant } from '../read-model/access.js'

/** The option ids a ballot names that the event does not have (any more). */
export function unknownOptionIds(state: EventState, choices: BallotChoices): string[] {
  const known = new Set([...state.timeOptions.map((o) => o.id), ...state.placeOptions.map((o) => o.id)])
  return Object.keys(choices).filter((id) => !known.has(id))
}

export function checkBallot(
  state: EventState | null,
  claims: AccessClaims,
  choices: BallotChoices,
  now: Date = new Date(),
): void {
  if (!state || !canSeeBoard(state, claims)) throw notFound('No such event')
  if (!isParticipant(state, claims)) {
    throw forbidden(
      claims.kind === 'participant' && claims.eventId !== state.eventId
        ? 'Your invite is for another event'
        : 'Join the event before voting',
    )
  }
  if (state.status === 'finalized') throw conflict('The organizer has finalized this event; voting is closed')
  if (state.status === 'cancelled') throw conflict('This event was cancelled; voting is closed')
  if (state.votingDeadline && Date.parse(state.votingDeadline) <= now.getTime()) {
    throw conflict(`Voting closed at ${state.votingDeadline}`)
  }
  const unknown = unknownOptionIds(state, choices)
  if (unknown.length > 0) {
    throw new HttpProblem(
      'conflict',
      `The event has no option ${unknown.join(', ')} (it may have been removed)`,
      {
        errors: unknown.map((id) => ({
          path: `/body/choices/${id}`,
          message: 'is not an option of this event',
        })),
      },
    )
  }
}

/** True when waiting for the read model could change the answer (it may simply be behind). */
export function mayBeStale(
  state: EventState | null,
  claims: AccessClaims,
  choices: BallotChoices,
  eventVersion?: number,
) {
  if (!state) return true
  if (eventVersion !== undefined && state.version < eventVersion) return true
  if (!state.participants.some((p) => p.id === claims.sub)) return true
  return unknownOptionIds(state, choices).length > 0
}
