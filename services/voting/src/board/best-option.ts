/**
 * Which option is winning. Rule: most yes; then most yes + maybe; then, for time options, the
 * earliest start, and for place options the one added first (its position in the list).
 * No option wins while nobody has said yes or maybe to any of them.
 */
import type { Tally } from '@prost/contracts'

export interface Candidate {
  id: string
  counts: Tally
  /** Time options: the start instant; place options: omitted (list order decides). */
  startsAt?: string
}

/** A ranking key: the higher value wins. */
export type RankKey = (candidate: Candidate) => number

/**
 * The winning candidate by `keys` in order (higher wins), then the earliest start (time options),
 * then list order. Candidates nobody said yes or maybe to never win; none left → null. Shared by
 * the board's "best so far" and the automatic finalize (auto-choice.ts), which rank differently.
 */
export function pickBest(candidates: readonly Candidate[], keys: readonly RankKey[]): string | null {
  let best: { candidate: Candidate; index: number } | null = null
  candidates.forEach((candidate, index) => {
    if (candidate.counts.yes + candidate.counts.maybe === 0) return
    if (!best || beats(keys, candidate, index, best.candidate, best.index)) best = { candidate, index }
  })
  return (best as { candidate: Candidate } | null)?.candidate.id ?? null
}

function beats(
  keys: readonly RankKey[],
  a: Candidate,
  aIndex: number,
  b: Candidate,
  bIndex: number,
): boolean {
  for (const key of keys) {
    const diff = key(a) - key(b)
    if (diff !== 0) return diff > 0
  }
  if (a.startsAt !== undefined && b.startsAt !== undefined) {
    const diff = Date.parse(a.startsAt) - Date.parse(b.startsAt)
    if (diff !== 0) return diff < 0
  }
  return aIndex < bIndex
}

export const yes: RankKey = (c) => c.counts.yes
const support: RankKey = (c) => c.counts.yes + c.counts.maybe

export const bestOption = (candidates: readonly Candidate[]): string | null =>
  pickBest(candidates, [yes, support])
