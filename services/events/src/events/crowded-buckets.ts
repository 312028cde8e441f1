/**
 * What recent listing walks learned about coarser buckets (a day, month or year of one term, with its
 * seek word): which ones held more events than a walk reads of them, so that it walked them by finer
 * buckets instead (events/listing-page.ts calls them crowded). The next walk that reaches such a
 * bucket goes to its finer buckets at once. Finding out costs a read `limit + 2` events deep, all of
 * them dropped: on FerretDB, which decodes each whole document (~1 ms each for an event), that probe
 * cost more than the page it was for (browse at 10,000 events decoded 43-87 events for a page of 21,
 * at 1,000 events 21-24).
 *
 * A hint only chooses the granularity a walk reads at, and every granularity gives the same page, so a
 * stale one (the bucket has emptied since) costs a few finer queries, never a wrong answer. Hints last
 * a minute (a bucket that stays crowded is probed again once a minute per process) and at most
 * `maxBuckets` are kept, the least recently used leaving first.
 */
import { LRUCache } from 'lru-cache'

export interface CrowdedHints {
  has(bucket: string): boolean
  add(bucket: string): void
}

export function createCrowdedBuckets({ ttlMs = 60_000, maxBuckets = 10_000 } = {}): CrowdedHints {
  const crowded = new LRUCache<string, true>({ max: maxBuckets, ttl: ttlMs })
  return {
    has: (bucket) => crowded.has(bucket),
    add: (bucket) => void crowded.set(bucket, true),
  }
}

/** For a walk that keeps no hints: every coarser bucket is probed. */
export const NO_CROWDED_HINTS: CrowdedHints = { has: () => false, add: () => undefined }
