/**
 * What an automatic finalize at the deadline picks (`autoFinalize`), separate from the board's
 * "best so far" (best-option.ts), which ranks by yes first. Here the group decides by score:
 * yes = 1, if-need-be = 0.5, so two "if need be" outweigh one lone "yes". Ties → more yes, then the
 * earliest start (times) or the first in option order (places). An option nobody accepted (every
 * answer was no, or nobody answered it) is never chosen: finalizing on it would pick a time or
 * place no one agreed to, so the organizer decides instead (null).
 */
import type { Board, BestChoice } from '@prost/contracts'
import { pickBest, yes, type Candidate } from './best-option.js'

/** yes = 1, if-need-be = 0.5 (also the board's best-combination score). */
export const score = (c: Candidate) => c.counts.yes + c.counts.maybe / 2

export const autoChoice = (candidates: readonly Candidate[]): string | null =>
  pickBest(candidates, [score, yes])

/** The automatic finalize's pick for a board. */
export function bestChoice(board: Board): BestChoice {
  return {
    eventId: board.eventId,
    eventVersion: board.eventVersion,
    timeOptionId: autoChoice(board.timeOptions),
    placeOptionId: autoChoice(board.placeOptions),
  }
}
