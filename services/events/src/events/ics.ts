/** The calendar file (RFC 5545) of a finalized event: exact UTC times, the event's own zone named. */
import type { Event } from '@prost/contracts'
import { escapeText, quotedParam, serialize, utcDateTime, type ContentLine } from './icalendar.js'

/** GEO wants FLOAT (3.3.7): plain digits, never the exponent form String(1e-7) would give. */
const float = (value: number) => value.toFixed(6)

export const text = (name: string, value: string): ContentLine => ({ name, value: escapeText(value) })

export const eventPage = (event: Pick<Event, 'id'>, publicUrl: string) =>
  `${publicUrl.replace(/\/+$/, '')}/events/${event.id}`

/** VCALENDAR's opening lines; the caller adds its VEVENTs and `END:VCALENDAR`. */
export const calendarHeader = (name: string, timeZone: string): ContentLine[] => [
  { name: 'BEGIN', value: 'VCALENDAR' },
  { name: 'VERSION', value: '2.0' },
  { name: 'PRODID', value: '-//Prost//Events//EN' },
  { name: 'CALSCALE', value: 'GREGORIAN' },
  { name: 'METHOD', value: 'PUBLISH' },
  text('X-WR-CALNAME', name),
  // Calendar apps that show it name the event's own zone; the times stay exact in UTC.
  text('X-WR-TIMEZONE', timeZone),
]

/**
 * The VEVENT of a decided event (finalized, or cancelled after it was decided). Its UID is stable
 * across downloads and reschedules and SEQUENCE is the event's version, so a second import or a feed
 * refresh updates the entry instead of duplicating it.
 */
export function finalEntry(event: Event, publicUrl: string): ContentLine[] {
  if (!event.final) throw new Error('only a decided event has a final calendar entry')
  const { final } = event
  const place = final.place
  const page = eventPage(event, publicUrl)
  const description = [event.description.trim(), place.mapUrl ?? '', page].filter(Boolean).join('\n\n')
  return [
    { name: 'BEGIN', value: 'VEVENT' },
    { name: 'UID', value: `${event.id}@prost` },
    { name: 'DTSTAMP', value: utcDateTime(event.updatedAt) },
    { name: 'CREATED', value: utcDateTime(event.createdAt) },
    { name: 'LAST-MODIFIED', value: utcDateTime(event.updatedAt) },
    { name: 'SEQUENCE', value: String(event.version) },
    { name: 'DTSTART', value: utcDateTime(final.startsAt) },
    { name: 'DTEND', value: utcDateTime(final.endsAt) },
    text('SUMMARY', event.title),
    text('DESCRIPTION', description),
    text('LOCATION', [place.name, place.address].filter(Boolean).join(', ')),
    ...(place.lat !== undefined && place.lon !== undefined
      ? [{ name: 'GEO', value: `${float(place.lat)};${float(place.lon)}` }]
      : []),
    { name: 'URL', value: page },
    { name: 'STATUS', value: event.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED' },
    // A cal-address is any URI (3.3.3). Prost never hands out e-mail addresses, and the event page
    // (with its comments) is where the organizer is reached, so that is the address.
    { name: 'ORGANIZER', params: [`CN=${quotedParam(event.organizer.name)}`], value: page },
    { name: 'END', value: 'VEVENT' },
  ]
}

export function eventToIcs(event: Event, publicUrl: string): string {
  if (!event.final) throw new Error('only a finalized event has a calendar entry')
  return serialize([
    ...calendarHeader(event.title, event.timeZone),
    ...finalEntry(event, publicUrl),
    { name: 'END', value: 'VCALENDAR' },
  ])
}
