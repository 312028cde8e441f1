/**
 * What recent listing walks learned about buckets (an hour, day, month or year of one term, with one
 * query word): how many events at least each held, where a read stopped at its depth or read an hour
 * whole (events/listing-page.ts). Three kinds of read are skipped on the strength of it:
 *
 * - A bucket found crowded (it held the `limit + 2` a walk reads of a coarser bucket) is walked by
 *   finer buckets at once. Finding that out costs a read `limit + 2` events deep, all of them dropped:
 *   on FerretDB, which decodes each whole document (~1 ms each for an event), that probe cost more
 *   than the page it was for (browse at 10,000 events decoded 43-87 events for a page of 21, at 1,000
 *   events 21-24).
 * - A query word found in a bucket is not peeked at there again: a peek can only show a bucket empty,
 *   and one with a common word cost the most, since FerretDB ships every row that passes the
 *   equalities from PostgreSQL whatever the limit ("kneipe" in every place name: a day's peek at
 *   100,000 events shipped 333 events for the 2 it read, 20-40 ms, to learn the day had "kneipe").
 * - An hour found holding what the page still needs ends the walk's read-ahead there: the hours after
 *   it would be decoded for a page that hour fills (at 100,000 events the bench's hours hold 28 each).
 *
 * A hint only saves a read that could have ended the walk's work on a bucket sooner; the walk still
 * reads every bucket it needs, so a stale one (the bucket has emptied since) costs a few more finer
 * queries, a deeper read or one started later, never a wrong page. Hints last a minute (a bucket is
 * probed again once a minute per process) and at most `maxBuckets` are kept, the least recently used
 * leaving first.
 */
import { LRUCache } from 'lru-cache'

export interface BucketHints {
  /** At least how many events a recent walk found in the bucket (its query filter); 0 if none is known. */
  atLeast(bucket: string): number
  /** The bucket holds at least `count` events: a read that deep came back full, or read it whole. */
  holds(bucket: string, count: number): void
}

export function createBucketHints({ ttlMs = 60_000, maxBuckets = 10_000 } = {}): BucketHints {
  const counts = new LRUCache<string, number>({ max: maxBuckets, ttl: ttlMs })
  return {
    atLeast: (bucket) => counts.get(bucket) ?? 0,
    holds(bucket, count) {
      // A shallower read (a peek) must not lower what a deeper one found, nor refresh its minute.
      if (count > (counts.get(bucket) ?? 0)) counts.set(bucket, count)
    },
  }
}

/** For a walk that keeps no hints: every coarser bucket is probed and peeked at. */
export const NO_BUCKET_HINTS: BucketHints = { atLeast: () => 0, holds: () => undefined }
