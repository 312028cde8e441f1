/**
 * The best date × place combination the board shows, with its scores: the same pick as an
 * automatic finalize (auto-choice.ts: yes = 1, if-need-be = 0.5, an option everyone rejected never
 * wins), so what the board recommends is what the deadline would decide.
 */
import type { BestCombination, ScoredOption, Tally } from '@prost/contracts'
import { autoChoice, score } from './auto-choice.js'
import type { Candidate } from './best-option.js'

function scored(candidates: readonly Candidate[]): ScoredOption | null {
  const id = autoChoice(candidates)
  const winner = candidates.find((c) => c.id === id)
  if (!winner) return null
  const { yes, maybe, no }: Tally = winner.counts
  return { optionId: winner.id, score: score(winner), yes, maybe, no }
}

export function bestCombination(
  timeOptions: readonly Candidate[],
  placeOptions: readonly Candidate[],
): BestCombination | null {
  const time = scored(timeOptions)
  const place = scored(placeOptions)
  if (!time && !place) return null
  return { time, place, score: (time?.score ?? 0) + (place?.score ?? 0) }
}
