/**
 * Which query word a listing page seeks on (events/listing-page.ts). With text or place terms,
 * every bucket query carries one of them as a second equality (`words: …` or `placeWords: …`);
 * since an event must have all of them, any one is a correct seek, and the rarest makes the store
 * return the fewest events the page then drops. Which is rarest is not known in advance, and may
 * differ from one slice of time to the next: the longest word is a guess, and a wrong one is costly
 * ("kneipe 42": every place has "kneipe", so FerretDB decoded ~500 events per match). So the choice
 * adapts within the page, deterministically:
 *
 * - Start with the longest word (text before place).
 * - When an hour or day bucket query returns at least MIN_WASTED events that lack another query
 *   term, and they are more than half of what it returned, the term they lacked most often is the
 *   rival: the same bucket is read again with the rival instead, unsorted and at most as deep as
 *   the first read (and `limit + 2`). If the rival finds fewer events there, that is every event
 *   of the bucket with it, and it becomes the seek.
 *
 * - Before that, on a day, month or year bucket (a read there decodes up to a page of events), the
 *   bucket is first peeked at with every term (two events deep each, in parallel): a term none of
 *   its events has settles it as empty (an event must have every term) and becomes the seek if
 *   another term is there ("kneipe 42" at 100k: the first day read 22 "kneipe" events only to learn
 *   that none had "42"). The peeks stop once a bucket holds every term or the seek changed; until
 *   then the walk reads no day, month or year ahead with a seek that may change.
 *
 * Bounded cost: a comparison decodes at most what the wasteful query before it decoded, so it at
 * most doubles a page's decoding, and a word that keeps wasting is compared again at its next
 * wasteful bucket rather than kept for the rest of the page. Months and years are not compared
 * (listing-page.ts): FerretDB ships every row that passes the equalities from PostgreSQL to its Go
 * code whatever the limit, and a common rival word has thousands of them in a month. Comparing on
 * the same slice of time keeps clustered data from deciding by chance: in the bench, "quiz" events
 * all fall on every tenth day and "beer" on the others; for "quiz beer" (no event has both) a day
 * is settled by whichever word it has none of instead of decoding its "quiz" events hour by hour.
 */
import type { Filter } from 'mongodb'
import type { EventDoc } from './event-document.js'

export interface Seek {
  field: 'words' | 'placeWords'
  value: string
}

type Searchable = Pick<EventDoc, 'words' | 'placeWords'>

/** Events decoded only to be dropped, in one bucket query, before a rival word is compared. */
export const MIN_WASTED = 3

const has = (doc: Searchable, seek: Seek) => doc[seek.field].includes(seek.value)

export const seekFilter = (seek: Seek | undefined): Filter<EventDoc> =>
  seek ? { [seek.field]: seek.value } : {}

export function createSeekChoice(candidates: Seek[]) {
  let current = 0
  let compared = candidates.length < 2
  return {
    /** The equality every query adds: `{}` without text or place terms. */
    filter: () => seekFilter(candidates[current]),
    /** Until a bucket has shown every term, or the seek changed: the terms to peek at a bucket with. */
    toPeek: (): Seek[] => (compared ? [] : candidates),
    /** Peeks found every term in a bucket: from now on the reads compare them (`rivalFor`). */
    peeked() {
      compared = true
    },
    /** After a bucket query with the current seek returned `docs`: a rival to read that bucket with. */
    rivalFor(docs: Searchable[]): Seek | null {
      if (candidates.length < 2) return null
      const missing = candidates.map(() => 0)
      let wasted = 0
      for (const doc of docs) {
        let lacks = false
        candidates.forEach((seek, i) => {
          if (!has(doc, seek)) {
            missing[i]!++
            lacks = true
          }
        })
        if (lacks) wasted++
      }
      if (wasted < MIN_WASTED || wasted * 2 <= docs.length) return null
      let rival = -1
      missing.forEach((count, i) => {
        if (count > (rival < 0 ? 0 : missing[rival]!)) rival = i
      })
      return candidates[rival] ?? null
    },
    /** The rival found fewer events in the same bucket: it is the seek from now on. */
    prefer(rival: Seek) {
      current = candidates.indexOf(rival)
      compared = true
    },
  }
}
