/**
 * One page of public events, soonest first. Every query is one equality the store can narrow by
 * (FerretDB v1 pushes equality down; MongoDB walks an index) and the remaining filters are checked
 * in memory; the page is done once it holds `limit + 1` events:
 * a walk over time buckets (events/browse-keys.ts), one `browseKeys` equality per bucket, with the
 * longest word or place prefix as a second equality when the query has text. It starts with hour
 * buckets and moves to coarser ones after a few empty buckets (a sparse term costs one query per
 * empty month or year, not per empty hour); a coarser bucket is read only `limit + 2` deep, and one
 * that holds more is walked by finer buckets, so a page never decodes a crowded day or month whole.
 * Why text is not a seek on its own word index: FerretDB v1 never pushes a sort or a range down, so
 * a common word ("kneipe" in every place name) made each page fetch and decode every event that
 * has it (10 s per query at 10k events); inside a bucket the word only narrows what leaves the store.
 * Events sorted before the walk's first day but still matching are found first through `spanDays`.
 */
import type { Collection, Filter } from 'mongodb'
import { HttpProblem, timeIdCursor, type TimeIdPosition } from '@prost/platform'
import type { EventPage, ListEventsQuery } from '@prost/contracts'
import { toSummary, type EventDoc } from './event-document.js'
import { daysBetween, queryTerms } from './search-index.js'
import {
  ALL_TERM,
  GRANULARITIES,
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
  /** The bucketed term the walk queries, when there is no text to seek on. */
  term: string
  /** The longest word or place prefix, usually the rarest: a second equality on every bucket query. */
  seek: { field: 'words' | 'placeWords'; value: string } | null
  matches: (doc: Listed) => boolean
  /** Events sorted before this instant are found through `spanDays`, the rest by the walk. */
  walkFrom: Date
  /** No matching event sorts at or after this instant, except those without a time (FAR_FUTURE). */
  walkTo: Date
  includesUndated: boolean
}

function plan(query: ListEventsQuery, now: Date): Plan | null {
  const words = longestFirst(query.q ? queryTerms(query.q) : [])
  const places = longestFirst(query.place ? queryTerms(query.place) : [])
  const checks: ((doc: Listed) => boolean)[] = [(doc) => doc.listed]
  let walkFrom: Date
  let walkTo: Date
  let includesUndated: boolean
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
    // A local day starts at most 14 hours before and ends at most 12 hours after the same UTC day.
    walkFrom = new Date(Date.parse(`${from}T00:00:00Z`) - DAY_MS)
    walkTo = new Date(Date.parse(`${to}T00:00:00Z`) + 2 * DAY_MS)
    includesUndated = false
  } else {
    checks.push((doc) => doc.lastAt >= now)
    walkFrom = startOfUtcDay(now)
    walkTo = new Date(walkFrom.getTime() + HORIZON_MS)
    includesUndated = true
  }
  if (query.timeOfDay) {
    const part = query.timeOfDay
    checks.push((doc) => doc.dayParts.includes(part))
  }
  if (words.length) checks.push((doc) => words.every((w) => doc.words.includes(w)))
  if (places.length) checks.push((doc) => places.every((p) => doc.placeWords.includes(p)))
  const seek = words[0]
    ? { field: 'words' as const, value: words[0] }
    : places[0]
      ? { field: 'placeWords' as const, value: places[0] }
      : null
  const term = query.timeOfDay ? partTerm(query.timeOfDay) : ALL_TERM
  const matches = (doc: Listed) => checks.every((check) => check(doc))
  return { term, seek, matches, walkFrom, walkTo, includesUndated }
}

export async function loadListingPage(
  events: Collection<EventDoc>,
  query: ListEventsQuery,
  after: TimeIdPosition | null,
  limit: number,
  now: Date,
): Promise<EventPage> {
  const shape = plan(query, now)
  if (!shape) return { items: [], nextCursor: null }
  const { term, seek, matches, walkFrom, walkTo, includesUndated } = shape
  // The longest word (or place) prefix rides along as a second equality: FerretDB v1 pushes both
  // down, so only the bucket's matching events leave PostgreSQL; MongoDB filters the bucket's
  // index entries by it.
  const word: Filter<EventDoc> = seek ? { [seek.field]: seek.value } : {}
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

  // Events sorted before the walk starts but still matching (ongoing, or a poll whose first option
  // is past) all run on the walk's first day, which `spanDays` names (or its whole month).
  if (!after || after.at < walkFrom) {
    const day = walkFrom.toISOString().slice(0, 10)
    const [days, months] = await Promise.all([
      find({ spanDays: day }),
      find({ spanDays: spanMonthKey(day.slice(0, 7)) }),
    ])
    take([...days, ...months].filter((doc) => doc.sortAt < walkFrom))
  }
  await walkBuckets(after && after.at >= walkFrom ? after.at : walkFrom)

  async function walkBuckets(from: Date) {
    let position = from
    let level = 0
    let emptyRun = 0
    // Per granularity, where the last crowded bucket of it ends: the walk stays finer until then.
    const crowdedUntil = GRANULARITIES.map(() => new Date(0))
    while (page.length <= limit && position < walkTo) {
      const granularity = GRANULARITIES[level]!
      const end = new Date(Math.min(bucketEnd(granularity, position).getTime(), walkTo.getTime()))
      const key = { browseKeys: browseKey(term, granularity, position), ...word }
      let inBucket: Listed[]
      if (level === 0) {
        inBucket = await find({ ...key, sortAt: { $gte: position, $lt: end } })
      } else {
        // A coarser bucket is read at most `limit + 2` deep, unsorted and without the range (so
        // FerretDB stops decoding there: it cannot push a sort or a range down). Short of that depth
        // it was read whole; at that depth it is crowded and is read by finer buckets instead, e.g. a
        // day of 300 events hour by hour rather than decoded in full for one page.
        const probe = await find(key, limit + 2, false)
        if (probe.length > limit + 1) {
          crowdedUntil[level] = end
          level--
          emptyRun = 0
          continue
        }
        inBucket = probe.filter((doc) => doc.sortAt >= position && doc.sortAt < end)
      }
      take(inBucket)
      if (inBucket.length > 0) emptyRun = 0
      else if (
        ++emptyRun >= EMPTY_BEFORE_COARSER &&
        level < GRANULARITIES.length - 1 &&
        end >= crowdedUntil[level + 1]!
      ) {
        level++
        emptyRun = 0
      }
      position = end
    }
    if (page.length <= limit && includesUndated) {
      take(await find({ browseKeys: browseKey(term, 'h', FAR_FUTURE), ...word }))
    }
  }

  const items = page.slice(0, limit)
  const last = items.at(-1)
  const nextCursor =
    page.length > limit && last ? timeIdCursor.encode({ at: last.sortAt, id: last._id }) : null
  return { items: items.map(toSummary), nextCursor }
}
