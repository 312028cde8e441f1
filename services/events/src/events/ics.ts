/** iCalendar (RFC 5545) for a finalized event, via the `ics` package; times in UTC with the zone named. */
import { createEvent } from 'ics'
import type { Event } from '@prost/contracts'

const parts = (iso: string) => {
  const d = new Date(iso)
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()] as [
    number, number, number, number, number,
  ]
}

export function eventToIcs(event: Event, publicUrl: string): string {
  if (!event.final) throw new Error('only a finalized event has a calendar entry')
  const place = event.final.place
  const { error, value } = createEvent({
    uid: `${event.id}@prost`,
    productId: 'prost/events',
    title: event.title,
    description: `${event.description}\n\n${publicUrl}/events/${event.id}`.trim(),
    location: [place.name, place.address].filter(Boolean).join(', '),
    url: `${publicUrl}/events/${event.id}`,
    geo: place.lat !== undefined && place.lon !== undefined ? { lat: place.lat, lon: place.lon } : undefined,
    start: parts(event.final.startsAt),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: parts(event.final.endsAt),
    endInputType: 'utc',
    endOutputType: 'utc',
    status: event.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    sequence: event.version,
    organizer: { name: event.organizer.name },
    calName: event.title,
  })
  if (error || !value) throw error ?? new Error('could not render the calendar entry')
  // Name the event's own zone for calendar apps that show it (times stay exact in UTC).
  return value.replace('BEGIN:VEVENT', `X-WR-TIMEZONE:${event.timeZone}\r\nBEGIN:VEVENT`)
}
