/**
 * Bucketed equality keys for browsing (see README "How browsing and search are indexed"). A listed
 * event stores `<term>|<bucket>` for each term it matches (`all`, and its parts of day) and for the
 * UTC hour, day, month and year its `sortAt` falls in. A listing page asks for one key at a time, in
 * bucket order, so each query is one equality (pushed down by FerretDB v1, an index prefix on
 * MongoDB) that returns only the events of one slice of time. Text terms are not bucketed: FerretDB
 * v1 indexes an array as one B-tree value of at most 2,704 bytes, which word prefixes times buckets
 * would exceed; text is walked through `words`/`placeWords` instead (events/listing-page.ts).
 */
import type { TimeOfDay } from '@prost/contracts'

/** Bucket sizes, finest first: hour, day, month, year (UTC). */
export type Granularity = 'h' | 'd' | 'm' | 'y'
export const GRANULARITIES: readonly Granularity[] = ['h', 'd', 'm', 'y']

export const ALL_TERM = 'all'
export const partTerm = (part: TimeOfDay) => `t:${part}`

const BUCKET_LENGTH: Record<Granularity, number> = { h: 13, d: 10, m: 7, y: 4 }

/** The bucket an instant falls in, as a sortable string: 2027-03-01T14, 2027-03-01, 2027-03, 2027. */
export const bucketOf = (granularity: Granularity, instant: Date) =>
  instant.toISOString().slice(0, BUCKET_LENGTH[granularity])

/** The first instant after the bucket that holds `instant`. */
export function bucketEnd(granularity: Granularity, instant: Date): Date {
  const t = instant
  if (granularity === 'h')
    return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate(), t.getUTCHours() + 1))
  if (granularity === 'd') return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1))
  if (granularity === 'm') return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1))
  return new Date(Date.UTC(t.getUTCFullYear() + 1, 0, 1))
}

export const startOfUtcDay = (instant: Date) =>
  new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()))

export const browseKey = (term: string, granularity: Granularity, instant: Date) =>
  `${term}|${granularity}:${bucketOf(granularity, instant)}`

export interface Browsable {
  listed: boolean
  sortAt: Date
  lastAt: Date
  dayParts: TimeOfDay[]
}

/** Every bucketed term an event matches (the query side picks one of them to walk). */
export const termsOf = (event: Browsable) => [ALL_TERM, ...event.dayParts.map(partTerm)]

export const spanMonthKey = (month: string) => `m:${month}`

/**
 * The UTC days after the one `sortAt` falls in, up to the one `lastAt` falls in; a whole month in
 * between as one `m:<month>` entry, so a poll spanning five years stays ~60 entries. A listing that
 * starts at day D finds the events sorted before D but still running on D (an ongoing event, or a
 * poll whose first option is past) with two equalities: `spanDays: D` and `spanDays: m:<D's month>`.
 */
export function spanDays(sortAt: Date, lastAt: Date): string[] {
  const entries: string[] = []
  let t = startOfUtcDay(sortAt).getTime() + 86_400_000
  while (t <= lastAt.getTime()) {
    const day = new Date(t)
    const nextMonth = bucketEnd('m', day).getTime()
    if (day.getUTCDate() === 1 && nextMonth - 86_400_000 <= lastAt.getTime()) {
      entries.push(spanMonthKey(bucketOf('m', day)))
      t = nextMonth
    } else {
      entries.push(bucketOf('d', day))
      t += 86_400_000
    }
  }
  return entries
}

/** The stored browse fields: keys only for listed events, so private ones cost no index entries. */
export function browseFields(event: Browsable) {
  if (!event.listed) return { browseKeys: [] as string[], spanDays: [] as string[] }
  const keys: string[] = []
  for (const term of termsOf(event))
    for (const granularity of GRANULARITIES) keys.push(browseKey(term, granularity, event.sortAt))
  return { browseKeys: keys, spanDays: spanDays(event.sortAt, event.lastAt) }
}
