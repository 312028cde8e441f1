/**
 * One page of public events, soonest first. Every query is one equality the store can narrow by
 * (FerretDB v1 pushes equality down; MongoDB walks an index) and the remaining filters are checked
 * in memory; the page is done once it holds `limit + 1` events:
 * a walk over time buckets (events/browse-keys.ts), one `browseKeys` equality per bucket, with one
 * of the query's words or place prefixes as a second equality when it has text: the longest first,
 * replaced within the page by a rarer one when the store keeps returning events without the others
 * (events/listing-seek.ts); until a bucket has shown every term, a day, month or year is first peeked
 * at with each, two events deep, and is empty when one finds none. It starts with hour buckets and
 * moves to coarser ones after a few empty buckets (a sparse term costs one query per empty month or
 * year, not per empty hour); a coarser
 * bucket is read only `limit + 2` deep, and one that holds more is walked by finer buckets, so a
 * page never decodes a crowded day or month whole. (FerretDB still ships all of such a bucket's
 * rows from PostgreSQL to its Go code, ~40 µs each: it pushes no limit down.) What recent walks
 * found saves reads (events/bucket-hints.ts): a bucket found crowded is walked by finer buckets at
 * once, without that probe; a word found in a bucket is not peeked at there again; an hour found
 * holding what the page needs ends the read-ahead. Where the last bucket says the walk will stay at
 * its level for a few more (sparse matches, or a run of empty buckets), their queries start together
 * rather than one after the other (at most three ahead; beyond the next, unsorted and only as deep
 * as the page may need of them, so FerretDB stops decoding there).
 * Why text is not a seek on its own word index: FerretDB v1 never pushes a sort or a range down, so
 * a common word ("kneipe" in every place name) made each page fetch and decode every event that
 * has it (10 s per query at 10k events); inside a bucket the word only narrows what leaves the store.
 * The walk covers whole UTC days, from today's (or `from`'s) to the horizon (or `to`'s); events
 * sorted before it that may still match are named by a few equalities first (`spanDays` for those
 * still running on its first day, an `l+` key for a range's first local day begun in a zone east of
 * UTC), those sorted after a range by its last local day's `l-` key (events/browse-keys.ts), so no
 * page decodes the crowded UTC day before `from` or after `to` only to drop it.
 */
import type { Collection, Filter } from 'mongodb'
import { HttpProblem, timeIdCursor, type TimeIdPosition } from '@prost/platform'
import type { EventPage, ListEventsQuery } from '@prost/contracts'
import { toSummary, type EventDoc } from './event-document.js'
import { createSeekChoice, seekFilter, type Seek } from './listing-seek.js'
import { daysBetween, queryTerms } from './search-index.js'
import { NO_BUCKET_HINTS, type BucketHints } from './bucket-hints.js'
import {
  ALL_TERM,
  GRANULARITIES,
  aheadKey,
  behindKey,
  browseKey,
  bucketEnd,
  partTerm,
  spanMonthKey,
  startOfUtcDay,
} from './browse-keys.js'

export const MAX_LISTING_DAYS = 366
const DAY_MS = 86_400_000
/** Where events without any time sort (search-index.ts derivedFields). */
const FAR_FUTURE = new Date('9999-01-01T00:00:00Z')
/** No time can be more than five years ahead when it is written (event-rules.ts): walk a year more. */
const HORIZON_MS = 6 * 366 * DAY_MS
/** Empty buckets in a row before the walk moves to the next coarser granularity. */
const EMPTY_BEFORE_COARSER = 3
/** Bucket queries the walk starts ahead of where it is (see `readAhead`). */
const MAX_READ_AHEAD = 3
/** How deep `lacksATerm` peeks: an empty or one-event bucket is read whole by it. */
const PEEK_DEPTH = 2
/** The coarsest granularity (day) on which a rival seek word is compared (events/listing-seek.ts). */
const MAX_COMPARE_LEVEL = GRANULARITIES.indexOf('d')

const PROJECTION = {
  title: 1,
  timeZone: 1,
  status: 1,
  final: 1,
  timeOptions: 1,
  placeOptions: 1,
  participants: 1,
  cover: 1,
  listed: 1,
  sortAt: 1,
  lastAt: 1,
  days: 1,
  dayParts: 1,
  words: 1,
  placeWords: 1,
} as const

type Listed = Pick<EventDoc, keyof typeof PROJECTION | '_id'>

/** The (sortAt, _id) order every page and cursor follows. */
export const listingOrder = (a: Pick<EventDoc, 'sortAt' | '_id'>, b: Pick<EventDoc, 'sortAt' | '_id'>) =>
  a.sortAt.getTime() - b.sortAt.getTime() || a._id.toHexString().localeCompare(b._id.toHexString())

const longestFirst = (terms: string[]) => [...terms].sort((a, b) => b.length - a.length)

interface Plan {
  /** The bucketed term the walk queries: `all`, or the part of day asked for. */
  term: string
  /** The query's words and place prefixes, longest first: one is a second equality on every query. */
  seeks: Seek[]
  matches: (doc: Listed) => boolean
  /** Events sorted before this instant are found by the `beforeWalk` equalities, the rest by the walk. */
  walkFrom: Date
  /** The walk ends here; events sorted at or after it are found by the `afterWalk` equalities. */
  walkTo: Date
  /** Equalities for matching events sorted before `walkFrom` (the whole set, read once). */
  beforeWalk: Filter<EventDoc>[]
  /** Equalities for matching events sorted at or after `walkTo`, read once the walk is through. */
  afterWalk: Filter<EventDoc>[]
}

function plan(query: ListEventsQuery, now: Date): Plan | null {
  const words = longestFirst(query.q ? queryTerms(query.q) : [])
  const places = longestFirst(query.place ? queryTerms(query.place) : [])
  const checks: ((doc: Listed) => boolean)[] = [(doc) => doc.listed]
  const term = query.timeOfDay ? partTerm(query.timeOfDay) : ALL_TERM
  let walkFrom: Date
  let walkTo: Date
  let beforeWalk: Filter<EventDoc>[]
  let afterWalk: Filter<EventDoc>[]
  if (query.from || query.to) {
    const from = query.from ?? now.toISOString().slice(0, 10)
    const to = query.to ?? new Date(Date.parse(`${from}T00:00:00Z`) + 62 * DAY_MS).toISOString().slice(0, 10)
    const days = daysBetween(from, to)
    if (days.length === 0) return null
    if (days.length > MAX_LISTING_DAYS) {
      throw new HttpProblem('validation', `A date range can span at most ${MAX_LISTING_DAYS} days`)
    }
    const inRange = new Set(days)
    checks.push((doc) => doc.days.some((day) => inRange.has(day)))
    // The walk covers the UTC days of the range. A matching event sorted before `from` 00:00Z has
    // a start on a local date in the range: at or after `from` 00:00Z (so it still runs then, and
    // `spanDays` names `from` or its month), or before it, on local date `from` in a zone east of
    // UTC (`l+` key; local and UTC dates differ by at most one day). One sorted at or after
    // `to + 1` 00:00Z has all its starts there, so its matching one is on local date `to` in a zone
    // west of UTC (`l-` key). See events/browse-keys.ts.
    walkFrom = new Date(Date.parse(`${from}T00:00:00Z`))
    walkTo = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS)
    beforeWalk = [
      { spanDays: from },
      { spanDays: spanMonthKey(from.slice(0, 7)) },
      { browseKeys: aheadKey(from) },
    ]
    afterWalk = [{ browseKeys: behindKey(to) }]
  } else {
    // Events sorted before today that still run today (ongoing, or a poll whose first option is
    // past) run on today's UTC day, which `spanDays` names (or its month). Undated events sort last.
    checks.push((doc) => doc.lastAt >= now)
    walkFrom = startOfUtcDay(now)
    walkTo = new Date(walkFrom.getTime() + HORIZON_MS)
    const today = walkFrom.toISOString().slice(0, 10)
    beforeWalk = [{ spanDays: today }, { spanDays: spanMonthKey(today.slice(0, 7)) }]
    afterWalk = [{ browseKeys: browseKey(term, 'h', FAR_FUTURE) }]
  }
  if (query.timeOfDay) {
    const part = query.timeOfDay
    checks.push((doc) => doc.dayParts.includes(part))
  }
  if (words.length) checks.push((doc) => words.every((w) => doc.words.includes(w)))
  if (places.length) checks.push((doc) => places.every((p) => doc.placeWords.includes(p)))
  const seeks: Seek[] = [
    ...words.map((value) => ({ field: 'words' as const, value })),
    ...places.map((value) => ({ field: 'placeWords' as const, value })),
  ]
  const matches = (doc: Listed) => checks.every((check) => check(doc))
  return { term, seeks, matches, walkFrom, walkTo, beforeWalk, afterWalk }
}

export async function loadListingPage(
  events: Collection<EventDoc>,
  query: ListEventsQuery,
  after: TimeIdPosition | null,
  limit: number,
  now: Date,
  /** What recent walks found in buckets (events/bucket-hints.ts), to skip reads this one can do without. */
  hints: BucketHints = NO_BUCKET_HINTS,
): Promise<EventPage> {
  const shape = plan(query, now)
  if (!shape) return { items: [], nextCursor: null }
  const { term, matches, walkFrom, walkTo } = shape
  // A query word (or place prefix) rides along as a second equality: FerretDB v1 pushes both down,
  // so only the bucket's events with that word leave PostgreSQL; MongoDB filters the bucket's index
  // entries by it. Which word adapts to what the queries return (events/listing-seek.ts).
  const seek = createSeekChoice(shape.seeks)
  const isAfter = (doc: Listed) =>
    !after ||
    doc.sortAt > after.at ||
    (doc.sortAt.getTime() === after.at.getTime() && doc._id.toHexString() > after.id.toHexString())
  const page: Listed[] = []
  const take = (docs: Listed[]) => {
    for (const doc of docs.sort(listingOrder)) if (isAfter(doc) && matches(doc)) page.push(doc)
  }
  const find = (filter: Filter<EventDoc>, limit = 0, sorted = true) => {
    const cursor = events.find(filter, { projection: PROJECTION }).limit(limit)
    return (sorted ? cursor.sort({ sortAt: 1, _id: 1 }) : cursor).toArray() as Promise<Listed[]>
  }
  /**
   * Bucket queries started ahead of the walk (`readAhead`, or a peek of `lacksATerm`), by filter, with
   * how deep each reads: 0 is the whole bucket; fewer events than the depth are the whole bucket too.
   */
  const readsAhead = new Map<string, { docs: Promise<Listed[]>; depth: number }>()
  /** Every event the equalities find (each at most once) whose `sortAt` passes `keep`. */
  const findAll = async (filters: Filter<EventDoc>[], keep: (doc: Listed) => boolean) => {
    const found = new Map<string, Listed>()
    const word = seek.filter()
    for (const docs of await Promise.all(filters.map((filter) => find({ ...filter, ...word }))))
      for (const doc of docs) if (keep(doc)) found.set(doc._id.toHexString(), doc)
    return [...found.values()]
  }

  // The walk covers [walkFrom, walkTo); before and after it, the plan's own equalities name the
  // few events that sort there and may still match.
  if (!after || after.at < walkFrom) take(await findAll(shape.beforeWalk, (doc) => doc.sortAt < walkFrom))
  await walkBuckets(after && after.at >= walkFrom ? after.at : walkFrom)
  if (page.length <= limit) take(await findAll(shape.afterWalk, (doc) => doc.sortAt >= walkTo))

  async function walkBuckets(from: Date) {
    let position = from
    let level = 0
    let emptyRun = 0
    // Per granularity, where the last crowded bucket of it ends: the walk stays finer until then.
    const crowdedUntil = GRANULARITIES.map(() => new Date(0))
    // After each bucket query: a rival word that finds fewer events in the same bucket becomes the
    // seek (events/listing-seek.ts), and what it found there is that bucket's every event with it;
    // what the old word found crowded or empty says nothing any more.
    const compareSeek = async (bucket: Filter<EventDoc>, docs: Listed[]) => {
      // Not on months or years: FerretDB ships every row that passes the equalities from
      // PostgreSQL whatever the limit, and a common rival word has thousands in a month.
      const rival = level <= MAX_COMPARE_LEVEL ? seek.rivalFor(docs) : null
      if (!rival) return null
      const depth = Math.min(docs.length, limit + 2)
      const found = await find({ ...bucket, ...seekFilter(rival) }, depth, false)
      if (found.length >= depth) return null
      seek.prefer(rival)
      return found
    }
    // Until a bucket shows every term (events/listing-seek.ts), a coarser bucket is first peeked at
    // with each term: one the bucket lacks settles it as empty, and becomes the seek where another
    // term is there.
    const lacksATerm = async (bucket: Filter<EventDoc>) => {
      const terms = seek.toPeek()
      if (terms.length === 0) return false
      // A term a recent walk found here cannot show the bucket empty: it is not peeked at again
      // (events/bucket-hints.ts).
      const known = terms.filter((term) => isKnownIn(bucket, term))
      const unknown = terms.filter((term) => !known.includes(term))
      // Kept like a read-ahead: the seek's peek is the bucket's read where it finds it whole (`readBucket`).
      const peeks = await Promise.all(unknown.map((term) => peek(bucket, term)))
      const lacking = unknown.find((_, i) => peeks[i]!.length === 0)
      if (!lacking) seek.peeked()
      else if (known.length > 0 || peeks.some((docs) => docs.length > 0)) seek.prefer(lacking)
      return lacking !== undefined
    }
    while (page.length <= limit && position < walkTo) {
      const { end, key, filter, depth } = bucketQuery(level, position)
      const id = JSON.stringify(filter)
      let inBucket: Listed[]
      if (level === 0) {
        // All of the hour's events with the seek word (a read started ahead that stopped at its depth
        // is read again whole).
        inBucket = (await readBucket(filter, depth)).docs
        // How many it holds, for the read-aheads of the next minute's walks (`readAhead`).
        if (inBucket.length > 0) hints.holds(id, inBucket.length)
        // Whatever a rival finds in the hour adds nothing to it.
        await compareSeek({ ...key, sortAt: filter.sortAt }, inBucket)
      } else {
        // A coarser bucket is read at most `limit + 2` deep, unsorted and without the range (so
        // FerretDB stops decoding there: it cannot push a sort or a range down). Short of that depth
        // it was read whole; at that depth it is crowded and is read by finer buckets instead, e.g. a
        // day of 300 events hour by hour rather than decoded in full for one page. One that a recent
        // walk found crowded is not read again to find that out (events/bucket-hints.ts).
        if (isCrowded(id, depth) && !readsAhead.has(id)) {
          walkFiner(end)
          continue
        }
        if (await lacksATerm(key)) inBucket = []
        else {
          const first = await readBucket(filter, depth)
          const rivalFound = await compareSeek(key, first.docs)
          if (!rivalFound && first.depth > 0 && first.docs.length >= first.depth) {
            hints.holds(id, first.depth)
            walkFiner(end)
            continue
          }
          inBucket = (rivalFound ?? first.docs).filter((doc) => doc.sortAt >= position && doc.sortAt < end)
        }
      }
      take(inBucket)
      let ahead = 0
      if (
        level > 0 &&
        inBucket.length > 0 &&
        inBucket.length >= limit + 1 - page.length &&
        !readsAhead.has(JSON.stringify(bucketQuery(level, end).filter))
      ) {
        // At this density the next bucket holds what the page still needs: it is walked by finer
        // buckets from its start rather than probed first, which would find it crowded and decode
        // `limit + 2` events for nothing ("kneipe 42" at 100k: a day of 66 matches after one of 11).
        // A wrong guess costs a few empty finer buckets before the walk moves coarser again. (Not when
        // that bucket was read ahead already.)
        emptyRun = 0
        level--
        ahead = MAX_READ_AHEAD
      } else if (inBucket.length > 0) {
        emptyRun = 0
        // At this density, the buckets the page still needs (the walk stays at this level while
        // they have events).
        ahead = Math.ceil((limit + 1 - page.length) / inBucket.length)
      } else {
        // Inside a crowded coarser bucket the walk stays at this level until its end, however many
        // buckets are empty ("kneipe 42" at 100k: 18 empty days of a month with 413 matches).
        const mayGoCoarser = level < GRANULARITIES.length - 1 && end >= crowdedUntil[level + 1]!
        if (++emptyRun >= EMPTY_BEFORE_COARSER && mayGoCoarser) {
          level++
          emptyRun = 0
        } else {
          // The rest of this run of empty buckets, before the walk moves coarser.
          ahead = mayGoCoarser ? EMPTY_BEFORE_COARSER - emptyRun : MAX_READ_AHEAD
        }
      }
      position = end
      if (page.length <= limit) readAhead(level, position, Math.min(ahead, MAX_READ_AHEAD))
    }

    /** The crowded bucket at `position`, ending at `end`, is walked by the next finer buckets. */
    function walkFiner(end: Date) {
      crowdedUntil[level] = end
      level--
      emptyRun = 0
      // It holds what the page still needs: its first finer buckets are read together rather than
      // the first alone and then the next ones (a crowded day at 10k events, ~3 per hour).
      readAhead(level, position, MAX_READ_AHEAD + 1)
    }
  }

  /** The walk's query for the bucket of `level` that holds `position`. */
  function bucketQuery(level: number, position: Date) {
    const granularity = GRANULARITIES[level]!
    const end = new Date(Math.min(bucketEnd(granularity, position).getTime(), walkTo.getTime()))
    const key = { browseKeys: browseKey(term, granularity, position) }
    const filter: Filter<EventDoc> =
      level === 0
        ? { ...key, sortAt: { $gte: position, $lt: end }, ...seek.filter() }
        : { ...key, ...seek.filter() }
    return { end, key, filter, depth: level === 0 ? 0 : limit + 2 }
  }

  /**
   * A bucket query's answer and how deep it read (0, or more than it found: the whole bucket): the
   * one started ahead when there is one as deep, or one that found the whole bucket (a peek).
   */
  async function readBucket(
    filter: Filter<EventDoc>,
    depth: number,
  ): Promise<{ docs: Listed[]; depth: number }> {
    const id = JSON.stringify(filter)
    const started = readsAhead.get(id)
    readsAhead.delete(id)
    if (started) {
      const docs = await started.docs
      const whole = started.depth === 0 || docs.length < started.depth
      if (whole || (depth > 0 && started.depth >= depth)) return { docs, depth: whole ? 0 : started.depth }
    }
    return { docs: await find(filter, depth, depth === 0), depth }
  }

  /**
   * Starts the queries of the next `count` buckets of `level` from `position`, so they run in
   * parallel instead of one after the other: the same queries the walk makes next if it stays at
   * this level, which is what the last bucket suggests (see the loop). At most MAX_READ_AHEAD of
   * them, so a wrong guess (the page filled, a bucket was crowded, the seek word changed) costs at
   * most that many queries.
   */
  function readAhead(level: number, from: Date, count: number) {
    if (count <= 0) return
    // While a day, month or year is first peeked at with every term (`lacksATerm`), those peeks are
    // what the walk asks next: a read with a seek that may change would decode up to `limit + 2`
    // events for nothing.
    const peeks = level > 0 ? seek.toPeek() : []
    // A coarser bucket ahead is read as deep as the page still needs if each before it holds its
    // share: when the first turns out crowded the others go unused, and their full depth would have
    // been decoded for nothing (today's 3 events, then days of 34, at 10,000 events).
    const share = Math.floor((limit + 1 - page.length) / count)
    let position = from
    for (let i = 0; i < count && position < walkTo; i++) {
      const { end, key, filter, depth } = bucketQuery(level, position)
      const id = JSON.stringify(filter)
      if (level > 0 && isCrowded(id, depth)) {
        // Known crowded: the walk will go on by its finer buckets, and does not go further at this level.
        readAhead(level - 1, position, MAX_READ_AHEAD + 1)
        return
      }
      if (level === 0 && hints.atLeast(id) >= limit + 1 - page.length) {
        // An hour a recent walk found holding what the page still needs: the page ends there, or
        // close (at 100,000 events the bench's hours hold 28 each, for a page of 21).
        start(filter, 0)
        return
      }
      if (peeks.length > 0) {
        for (const term of peeks) if (!isKnownIn(key, term)) peek(key, term)
      } else if (level === 0 && i === 0) start(filter, 0)
      // Hours after the next one are read like a coarser bucket, unsorted: where one holds more
      // FerretDB stops decoding at that depth, and the walk reads the hour whole when it gets there,
      // rather than all of it decoded for nothing when the page fills before.
      else start(filter, Math.max(PEEK_DEPTH, limit + 2 - i * share))
      position = end
    }
  }

  /** A recent walk found the bucket (its query filter) crowded: read `depth` deep, it came back full. */
  function isCrowded(bucket: string, depth: number) {
    return hints.atLeast(bucket) >= depth
  }

  /** A recent walk found events with `term` in the bucket. */
  function isKnownIn(bucket: Filter<EventDoc>, term: Seek) {
    return hints.atLeast(JSON.stringify({ ...bucket, ...seekFilter(term) })) > 0
  }

  /**
   * Whether the bucket holds any event with `term` (the first PEEK_DEPTH of them). Where it holds
   * that many, the hints keep it, so the walks of the next minute do not peek there again.
   */
  function peek(bucket: Filter<EventDoc>, term: Seek) {
    const filter = { ...bucket, ...seekFilter(term) }
    const started = start(filter, PEEK_DEPTH)
    started.docs.then(
      (docs) => docs.length >= started.depth && hints.holds(JSON.stringify(filter), started.depth),
      () => undefined,
    )
    return started.docs
  }

  /**
   * A bucket query the walk (or a peek) takes from `readsAhead` when it gets there: the one started
   * already for this filter, else a new one.
   */
  function start(filter: Filter<EventDoc>, depth: number) {
    const id = JSON.stringify(filter)
    const started = readsAhead.get(id)
    if (started) return started
    const docs = find(filter, depth, depth === 0)
    // Unused when the walk goes elsewhere: its failure must not surface there (a caller that awaits
    // it still sees it).
    docs.catch(() => undefined)
    const entry = { docs, depth }
    readsAhead.set(id, entry)
    return entry
  }

  const items = page.slice(0, limit)
  const last = items.at(-1)
  const nextCursor =
    page.length > limit && last ? timeIdCursor.encode({ at: last.sortAt, id: last._id }) : null
  return { items: items.map(toSummary), nextCursor }
}
