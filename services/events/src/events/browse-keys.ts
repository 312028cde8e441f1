/**
 * Bucketed equality keys for browsing (see README "How browsing and search are indexed"). A listed
 * event stores `<term>|<bucket>` for each term it matches (`all`, and its parts of day) and for the
 * UTC hour, day, month and year its `sortAt` falls in. A listing page asks for one key at a time, in
 * bucket order, so each query is one equality (pushed down by FerretDB v1, an index prefix on
 * MongoDB) that returns only the events of one slice of time. Text terms are not bucketed: FerretDB
 * v1 indexes an array as one B-tree value of at most 2,704 bytes, which word prefixes times buckets
 * would exceed; text is walked through `words`/`placeWords` instead (events/listing-page.ts).
 *
 * A date range names local dates, but the walk covers UTC days: [from 00:00Z, to + 1 00:00Z). The
 * events that sort outside that span and still start on a local date inside it carry a key of their
 * own, for the `all` term only: `all|l-:<local date>` for a start whose local date is behind its UTC
 * date (west of UTC; such an event can sort at or after `to + 1` 00:00Z), and `all|l+:<local date>`
 * for one ahead of it (east of UTC; it can sort before `from` 00:00Z) unless the event still runs at
 * the UTC midnight that starts that local date, when `spanDays` names it already (below). So an
 * event has at most one `l+` key (the local date after the UTC day of its last end) and one `l-`
 * key per time option: at most 5 terms × 4 buckets + 30 (MAX_OPTIONS_PER_KIND) = 50 strings of at
 * most 27 characters, about 1.1 kB as the indexed JSONB value FerretDB v1 limits to 2,704 bytes
 * (test/browse-keys-size.test.ts stores the largest).
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

/** Events with a start on local date `day` (YYYY-MM-DD) that sorts before `day` 00:00Z. */
export const aheadKey = (day: string) => `${ALL_TERM}|l+:${day}`
/** Events with a start on local date `day` that is at or after the next UTC day's 00:00Z. */
export const behindKey = (day: string) => `${ALL_TERM}|l-:${day}`

/** A proposed (or the final) start: its UTC date and its date in the event's zone (YYYY-MM-DD). */
export interface StartDay {
  utcDay: string
  localDay: string
}

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

/** The `l+`/`l-` keys of the starts whose local date is not their UTC date (see the top). */
export function localDayKeys(lastAt: Date, starts: StartDay[]): string[] {
  const keys = new Set<string>()
  for (const { utcDay, localDay } of starts) {
    // Still running at that UTC midnight: `spanDays` names `localDay` (or its month).
    if (localDay > utcDay && lastAt.getTime() < Date.parse(`${localDay}T00:00:00Z`))
      keys.add(aheadKey(localDay))
    if (localDay < utcDay) keys.add(behindKey(localDay))
  }
  return [...keys]
}

/** The stored browse fields: keys only for listed events, so private ones cost no index entries. */
export function browseFields(event: Browsable, starts: StartDay[]) {
  if (!event.listed) return { browseKeys: [] as string[], spanDays: [] as string[] }
  const keys: string[] = []
  for (const term of termsOf(event))
    for (const granularity of GRANULARITIES) keys.push(browseKey(term, granularity, event.sortAt))
  keys.push(...localDayKeys(event.lastAt, starts))
  return { browseKeys: keys, spanDays: spanDays(event.sortAt, event.lastAt) }
}
