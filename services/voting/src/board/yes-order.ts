/**
 * Who said yes to both chosen options, earliest first: the order in which a finalized event with a
 * capacity hands out its seats (events asks through `GET /api/votes/internal/:eventId/yes-order`).
 * A participant's moment is the later of their two yeses; ties go by participant id so every replica
 * answers alike. Only current participants count (the read model's copy).
 */
import type { EventState, YesOrder } from '@prost/contracts'
import type { BallotDocument } from '../ballots/ballots-repository.js'

type YesBallot = Pick<BallotDocument, 'participantId' | 'choices' | 'yesAt' | 'updatedAt'>

export function yesOrder(
  state: Pick<EventState, 'eventId' | 'participants'>,
  ballots: readonly YesBallot[],
  timeOptionId: string,
  placeOptionId: string,
): YesOrder {
  const participants = new Set(state.participants.map((p) => p.id))
  const ranked = ballots
    .filter(
      (b) =>
        participants.has(b.participantId) &&
        b.choices[timeOptionId] === 'yes' &&
        b.choices[placeOptionId] === 'yes',
    )
    .map((b) => {
      // Ballots written before yes times were kept: their last change is the best known time.
      const at = (optionId: string) => (b.yesAt?.[optionId] ?? b.updatedAt).getTime()
      return { participantId: b.participantId, at: Math.max(at(timeOptionId), at(placeOptionId)) }
    })
    .sort((a, b) => a.at - b.at || (a.participantId < b.participantId ? -1 : 1))
  return {
    eventId: state.eventId,
    participants: ranked.map((r) => ({
      participantId: r.participantId,
      yesAt: new Date(r.at).toISOString(),
    })),
  }
}
