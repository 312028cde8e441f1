/**
 * Fields derived from an event for browsing without $text or range scans: local days and parts of
 * day of every proposed (or final) time, and word prefixes of the text and the places. Each is an
 * indexed array matched by equality, which FerretDB pushes down to its storage.
 */
import type { TimeOfDay } from '@prost/contracts'
import type { EventDoc } from './event-document.js'
import { browseFields } from './browse-keys.js'

const MIN_PREFIX = 2
const MAX_PREFIX = 12
const MAX_WORDS = 200

/** Lowercase words of letters and digits (any script), accents folded. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= MIN_PREFIX)
}

/** Every prefix from 2 to 12 characters of every word, so "bier" finds "Biergarten". */
export function wordPrefixes(text: string): string[] {
  const out = new Set<string>()
  for (const word of words(text)) {
    for (let n = MIN_PREFIX; n <= Math.min(word.length, MAX_PREFIX); n++) out.add(word.slice(0, n))
    if (out.size >= MAX_WORDS * 4) break
  }
  return [...out]
}

/** Query terms as stored prefixes (a term longer than 12 characters matches on its first 12). */
export const queryTerms = (text: string) => [...new Set(words(text).map((w) => w.slice(0, MAX_PREFIX)))]

export function partOfDay(hour: number): TimeOfDay {
  if (hour >= 5 && hour < 12) return 'morning'
  if (hour >= 12 && hour < 17) return 'afternoon'
  if (hour >= 17 && hour < 22) return 'evening'
  return 'night'
}

/** The calendar day (YYYY-MM-DD) and hour of an instant in a time zone. */
export function localDayAndHour(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00'
  return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) }
}

type Indexable = Pick<
  EventDoc,
  | 'title'
  | 'description'
  | 'timeZone'
  | 'visibility'
  | 'status'
  | 'timeOptions'
  | 'placeOptions'
  | 'final'
  | 'organizer'
  | 'participants'
  | 'invited'
  | 'createdAt'
>

export function derivedFields(event: Indexable) {
  const slots = event.final
    ? [{ startsAt: event.final.startsAt, endsAt: event.final.endsAt }]
    : event.timeOptions.map((o) => ({ startsAt: o.startsAt, endsAt: o.endsAt }))
  const locals = slots.map((s) => localDayAndHour(s.startsAt, event.timeZone))
  const starts = slots.map((s) => s.startsAt.getTime())
  const ends = slots.map((s) => s.endsAt.getTime())
  // An event without times yet sorts after everything dated.
  const farFuture = new Date('9999-01-01T00:00:00Z')
  const places = event.final ? [event.final.place] : event.placeOptions
  const browsable = {
    listed: event.visibility === 'public' && event.status !== 'cancelled',
    sortAt: starts.length ? new Date(Math.min(...starts)) : farFuture,
    lastAt: ends.length ? new Date(Math.max(...ends)) : farFuture,
    days: [...new Set(locals.map((l) => l.day))],
    dayParts: [...new Set(locals.map((l) => partOfDay(l.hour)))],
    words: wordPrefixes(`${event.title} ${event.description}`),
    placeWords: wordPrefixes(places.map((p) => `${p.name} ${p.address ?? ''}`).join(' ')),
  }
  const startDays = slots.map((s, i) => ({
    utcDay: s.startsAt.toISOString().slice(0, 10),
    localDay: locals[i]!.day,
  }))
  return {
    ...browsable,
    ...browseFields(browsable, startDays),
    memberIds: [
      ...new Set([
        event.organizer.id,
        ...event.participants.map((p) => p.id),
        ...event.invited.map((i) => i.id),
      ]),
    ],
  }
}

/** The days from `from` to `to` inclusive (YYYY-MM-DD), for an indexed `$in` on `days`. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = []
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10))
  }
  return days
}
