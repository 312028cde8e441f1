/**
 * What an automatic finalize at the deadline picks (`autoFinalize`), separate from the board's
 * "best so far" (best-option.ts), which ranks by yes first. Here the group decides by score:
 * yes = 1, if-need-be = 0.5, so two "if need be" outweigh one lone "yes". Ties → more yes, then the
 * earliest start (times) or the first in option order (places). An option nobody accepted (every
 * answer was no, or nobody answered it) is never chosen: finalizing on it would pick a time or
 * place no one agreed to, so the organizer decides instead (null).
 */
import type { Board, BestChoice } from '@prost/contracts'
import type { Candidate } from './best-option.js'

const score = (c: Candidate) => c.counts.yes + c.counts.maybe / 2

export function autoChoice(candidates: readonly Candidate[]): string | null {
  let best: { candidate: Candidate; index: number } | null = null
  candidates.forEach((candidate, index) => {
    if (candidate.counts.yes + candidate.counts.maybe === 0) return
    if (!best || beats(candidate, index, best.candidate, best.index)) best = { candidate, index }
  })
  return (best as { candidate: Candidate } | null)?.candidate.id ?? null
}

function beats(a: Candidate, aIndex: number, b: Candidate, bIndex: number): boolean {
  if (score(a) !== score(b)) return score(a) > score(b)
  if (a.counts.yes !== b.counts.yes) return a.counts.yes > b.counts.yes
  if (a.startsAt !== undefined && b.startsAt !== undefined) {
    const diff = Date.parse(a.startsAt) - Date.parse(b.startsAt)
    if (diff !== 0) return diff < 0
  }
  return aIndex < bIndex
}

/** The automatic finalize's pick for a board. */
export function bestChoice(board: Board): BestChoice {
  return {
    eventId: board.eventId,
    eventVersion: board.eventVersion,
    timeOptionId: autoChoice(board.timeOptions),
    placeOptionId: autoChoice(board.placeOptions),
  }
}
