/**
 * Which events the deadline sweeper must look at, as an indexed equality key. FerretDB v1 does not
 * push range filters (`votingDeadline <= now`) down to its storage, so a range scan would read
 * every event; instead an event that will finalize itself carries the UTC hour of its deadline
 * (`2031-06-01T18`), and the sweeper asks for the few hours just gone, one equality each.
 * Finalized, cancelled and "could not decide" events drop the key, so they leave the scan.
 */
import type { EventDoc } from './event-document.js'

export const hourBucket = (at: Date) => at.toISOString().slice(0, 13)

export function autoFinalizeHour(
  doc: Pick<EventDoc, 'status' | 'autoFinalize' | 'votingDeadline' | 'autoFinalizeUndecided'>,
): string | null {
  if (doc.status !== 'polling' || !doc.autoFinalize || !doc.votingDeadline || doc.autoFinalizeUndecided)
    return null
  return hourBucket(doc.votingDeadline)
}

/** The hour buckets from `lookbackHours` ago up to the current hour, oldest first. */
export function recentHours(now: Date, lookbackHours: number): string[] {
  const hours: string[] = []
  for (let h = lookbackHours; h >= 0; h--) hours.push(hourBucket(new Date(now.getTime() - h * 3_600_000)))
  return hours
}

/** The event is past its deadline with autoFinalize on and still undecided. */
export const isDue = (doc: EventDoc, now: Date) =>
  autoFinalizeHour(doc) !== null && doc.votingDeadline!.getTime() <= now.getTime()
