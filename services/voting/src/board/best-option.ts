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

export function bestOption(candidates: readonly Candidate[]): string | null {
  let best: { candidate: Candidate; index: number } | null = null
  candidates.forEach((candidate, index) => {
    if (candidate.counts.yes + candidate.counts.maybe === 0) return
    if (!best || beats(candidate, index, best.candidate, best.index)) best = { candidate, index }
  })
  return (best as { candidate: Candidate } | null)?.candidate.id ?? null
}

function beats(a: Candidate, aIndex: number, b: Candidate, bIndex: number): boolean {
  if (a.counts.yes !== b.counts.yes) return a.counts.yes > b.counts.yes
  const aSupport = a.counts.yes + a.counts.maybe
  const bSupport = b.counts.yes + b.counts.maybe
  if (aSupport !== bSupport) return aSupport > bSupport
  if (a.startsAt !== undefined && b.startsAt !== undefined) {
    const diff = Date.parse(a.startsAt) - Date.parse(b.startsAt)
    if (diff !== 0) return diff < 0
  }
  return aIndex < bIndex
}
