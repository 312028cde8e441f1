/**
 * The personal calendar feed as one RFC 5545 calendar: a decided event as one CONFIRMED entry
 * (CANCELLED once cancelled), an undecided one as a TENTATIVE, transparent entry per proposed time,
 * titled as an option (CANCELLED when the poll is cancelled). UIDs are stable (`<event>@prost` for
 * the decision, `<event>-<option>@prost` per option) and SEQUENCE is the event's version, so a
 * calendar app that refreshes the feed updates, moves or cancels its entries by itself. Votes and
 * participants never appear: the feed shows what the user could print, not who answered what.
 */
import type { Event } from '@prost/contracts'
import { quotedParam, serialize, utcDateTime, type ContentLine } from '../events/icalendar.js'
import { calendarHeader, eventPage, finalEntry, text } from '../events/ics.js'

/** How often calendar apps that honour it should refresh the feed. */
const REFRESH = 'PT1H'

function optionEntries(event: Event, publicUrl: string): ContentLine[] {
  const page = eventPage(event, publicUrl)
  const places = event.placeOptions.map((p) => [p.name, p.address].filter(Boolean).join(', '))
  const description = [
    `Not decided yet: one of ${event.timeOptions.length} proposed times. Vote on the event page.`,
    places.length > 1 ? `Proposed places: ${places.join('; ')}` : '',
    event.description.trim(),
    page,
  ]
    .filter(Boolean)
    .join('\n\n')
  const cancelled = event.status === 'cancelled'
  return event.timeOptions.flatMap((option, index) => [
    { name: 'BEGIN', value: 'VEVENT' },
    { name: 'UID', value: `${event.id}-${option.id}@prost` },
    { name: 'DTSTAMP', value: utcDateTime(event.updatedAt) },
    { name: 'CREATED', value: utcDateTime(event.createdAt) },
    { name: 'LAST-MODIFIED', value: utcDateTime(event.updatedAt) },
    { name: 'SEQUENCE', value: String(event.version) },
    { name: 'DTSTART', value: utcDateTime(option.startsAt) },
    { name: 'DTEND', value: utcDateTime(option.endsAt) },
    text('SUMMARY', `Option ${index + 1}/${event.timeOptions.length}: ${event.title} (not decided)`),
    text('DESCRIPTION', description),
    ...(places.length === 1 ? [text('LOCATION', places[0]!)] : []),
    { name: 'URL', value: page },
    { name: 'STATUS', value: cancelled ? 'CANCELLED' : 'TENTATIVE' },
    // A proposed time is not yet a commitment: it must not show the user as busy.
    { name: 'TRANSP', value: 'TRANSPARENT' },
    { name: 'ORGANIZER', params: [`CN=${quotedParam(event.organizer.name)}`], value: page },
    { name: 'END', value: 'VEVENT' },
  ])
}

export function calendarFeedIcs(events: Event[], publicUrl: string): string {
  return serialize([
    ...calendarHeader('Prost', 'UTC'),
    { name: 'REFRESH-INTERVAL', params: ['VALUE=DURATION'], value: REFRESH },
    { name: 'X-PUBLISHED-TTL', value: REFRESH },
    ...events.flatMap((event) =>
      event.final ? finalEntry(event, publicUrl) : optionEntries(event, publicUrl),
    ),
    { name: 'END', value: 'VCALENDAR' },
  ])
}
