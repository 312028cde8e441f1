/** The create/edit event form: its values, how edits change them, and the API bodies built from them. */
import { DEFAULT_NUDGE_HOURS } from '@prost/contracts'
import type { CreateEvent, Event, NewPlaceOption, NewTimeOption } from '@prost/contracts'
import { addDays, instantToZoned, zonedToInstant } from '../../time/zoned-time'
import { EVENT_LIMITS } from './event-limits'

export interface TimeRow {
  key: string
  id?: string
  date: string
  time: string
  /** Exact, not rounded to the duration menu: a saved 100-minute option must not read as "changed". */
  hours: number
  /**
   * The exact instant the row stands for until its date or time is edited: a saved option (seconds
   * included) or a row carried over a time-zone change, so neither reads back as a different moment.
   */
  instant?: string
}
export interface PlaceRow {
  key: string
  id?: string
  name: string
  address: string
  mapUrl: string
  /** How many people fit ('' or absent: no limit). */
  capacity?: string
}
export interface EventFormValues {
  title: string
  description: string
  timeZone: string
  visibility: 'public' | 'private'
  /** Vote privacy (contracts events/privacy.ts): results only after one's own ballot; counts without names. */
  hideResults: boolean
  hideNames: boolean
  /** datetime-local text (YYYY-MM-DDTHH:MM) in the event's zone, or '' for none. */
  deadline: string
  /** At the deadline: 'auto' finalizes with the best time and place, 'manual' leaves it to the organizer. */
  afterDeadline: 'manual' | 'auto'
  /** Hours before the deadline a Telegram reminder goes to those who have not voted; '' = off. */
  nudgeHours: string
  /** Participants may propose times and places themselves. */
  allowParticipantOptions: boolean
  times: TimeRow[]
  places: PlaceRow[]
  /** The event's capacity ('' or absent: no limit); once finalized the rest go on the waitlist. */
  capacity?: string
}
export const DURATIONS = [1, 2, 3, 4, 6] as const

let counter = 0
export const rowKey = () => `row-${++counter}`

export function emptyForm(timeZone: string, today: string): EventFormValues {
  return {
    title: '',
    description: '',
    timeZone,
    // Private unless the organizer chooses public (issue 16): only people with the link see it.
    visibility: 'private',
    hideResults: false,
    hideNames: false,
    deadline: '',
    afterDeadline: 'manual',
    nudgeHours: String(DEFAULT_NUDGE_HOURS),
    allowParticipantOptions: false,
    times: [{ key: rowKey(), date: addDays(today, 1), time: '19:00', hours: 3 }],
    places: [],
    capacity: '',
  }
}

export function formFromEvent(event: Event): EventFormValues {
  const tz = event.timeZone
  const deadline = event.votingDeadline ? instantToZoned(event.votingDeadline, tz) : null
  return {
    title: event.title,
    description: event.description,
    timeZone: tz,
    visibility: event.visibility,
    hideResults: event.hideResults,
    hideNames: event.hideNames,
    deadline: deadline ? `${deadline.date}T${deadline.time}` : '',
    afterDeadline: event.autoFinalize ? 'auto' : 'manual',
    // Without a deadline the event reports nudges off; adding one should offer the default again.
    nudgeHours: event.votingDeadline
      ? event.nudgeHoursBeforeDeadline === null
        ? ''
        : String(event.nudgeHoursBeforeDeadline)
      : String(DEFAULT_NUDGE_HOURS),
    allowParticipantOptions: event.allowParticipantOptions,
    times: event.timeOptions.map((o) => ({
      key: rowKey(),
      id: o.id,
      ...instantToZoned(o.startsAt, tz),
      instant: o.startsAt,
      hours: Math.round((Date.parse(o.endsAt) - Date.parse(o.startsAt)) / 60_000) / 60,
    })),
    places: event.placeOptions.map((p) => ({
      key: rowKey(),
      id: p.id,
      name: p.name,
      address: p.address ?? '',
      mapUrl: p.mapUrl ?? '',
      capacity: p.capacity ? String(p.capacity) : '',
    })),
    capacity: event.capacity ? String(event.capacity) : '',
  }
}

/** A row after the organizer edits it; a new date or time is a new moment, read in the event's zone. */
export function editTimeRow(row: TimeRow, patch: Partial<Omit<TimeRow, 'key' | 'id' | 'instant'>>): TimeRow {
  const next = { ...row, ...patch }
  if (('date' in patch && patch.date !== row.date) || ('time' in patch && patch.time !== row.time))
    delete next.instant
  return next
}

/** The form's rows with the ids their options have on the server now (added, or replaced by an edit). */
export function withServerIds<R extends { key: string; id?: string }>(
  rows: R[],
  ids: ReadonlyMap<string, string>,
): R[] {
  return rows.map((row) => (ids.has(row.key) ? { ...row, id: ids.get(row.key) } : row))
}

/** Copies of the row's time on the following days, skipping days that already have it. */
export function sameTimeOn(values: EventFormValues, row: TimeRow, date: string): TimeRow[] {
  if (values.times.length >= EVENT_LIMITS.options) return values.times
  if (values.times.some((r) => r.date === date && r.time === row.time)) return values.times
  return [...values.times, { key: rowKey(), date, time: row.time, hours: row.hours }]
}

/**
 * The row "+ Add a time" adds: the last row's time on the next day that does not have it yet (a
 * copy of the last row would only be reported as proposed twice), or tomorrow evening for the first.
 */
export function nextTimeRow(values: EventFormValues, today: string): TimeRow {
  const last = values.times[values.times.length - 1]
  const time = last?.time || '19:00'
  const hours = last?.hours ?? 3
  let date = last?.date ? addDays(last.date, 1) : addDays(today, 1)
  while (values.times.some((r) => r.date === date && r.time === time)) date = addDays(date, 1)
  return { key: rowKey(), date, time, hours }
}

/**
 * A new time zone for the event keeps every proposed time and the deadline at the same moment: the
 * rows' wall-clock text is re-read in the new zone (19:00 Moscow becomes 17:00 Berlin). Rows not
 * filled in yet keep their text.
 */
export function keepMomentsInZone(values: EventFormValues, timeZone: string): EventFormValues {
  const from = values.timeZone
  const times = values.times.map((row) => {
    if (!row.date || !row.time) return row
    const instant = row.instant ?? zonedToInstant(row.date, row.time, from)
    return { ...row, ...instantToZoned(instant, timeZone), instant }
  })
  let deadline = values.deadline
  if (deadline) {
    const [date, time] = deadline.split('T')
    const moved = instantToZoned(zonedToInstant(date!, time!, from), timeZone)
    deadline = `${moved.date}T${moved.time}`
  }
  return { ...values, timeZone, times, deadline }
}

/**
 * The organizer's explicit other choice after a zone change from `from`: the clock times as they
 * showed in `from`, now meaning that time in the new zone (so those moments move by the zone
 * difference). Rows typed after the change (no `instant`) keep what was typed.
 */
export function keepClockTimesInZone(values: EventFormValues, from: string): EventFormValues {
  const times = values.times.map((row) => {
    if (!row.instant) return row
    const { instant, ...rest } = row
    return { ...rest, ...instantToZoned(instant, from) }
  })
  let deadline = values.deadline
  if (deadline) {
    const [date, time] = deadline.split('T')
    const shown = instantToZoned(zonedToInstant(date!, time!, values.timeZone), from)
    deadline = `${shown.date}T${shown.time}`
  }
  return { ...values, times, deadline }
}

export function nextDays(row: TimeRow, count: number): string[] {
  return row.date ? Array.from({ length: count }, (_, i) => addDays(row.date, i + 1)) : []
}

/** Latitude/longitude from the usual map link shapes (Google "@lat,lon", OSM "#map=z/lat/lon" or mlat/mlon, "?q=lat,lon"). */
export function coordinatesFromMapUrl(url: string): { lat: number; lon: number } | null {
  const patterns = [
    /@(-?\d{1,2}\.\d+),(-?\d{1,3}\.\d+)/,
    /#map=\d+\/(-?\d{1,2}\.\d+)\/(-?\d{1,3}\.\d+)/,
    /[?&](?:q|ll|query)=(-?\d{1,2}\.\d+),\s*(-?\d{1,3}\.\d+)/,
  ]
  for (const pattern of patterns) {
    const m = pattern.exec(url)
    if (m) return valid(Number(m[1]), Number(m[2]))
  }
  const lat = /[?&]mlat=(-?\d+\.?\d*)/.exec(url)
  const lon = /[?&]mlon=(-?\d+\.?\d*)/.exec(url)
  return lat && lon ? valid(Number(lat[1]), Number(lon[1])) : null
}
const valid = (lat: number, lon: number) =>
  Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null

export const isHttpUrl = (text: string) => /^https?:\/\/[^\s]+\.[^\s]+/i.test(text.trim())

export function toTimeOption(row: TimeRow, timeZone: string): NewTimeOption {
  return {
    startsAt: row.instant ?? zonedToInstant(row.date, row.time, timeZone),
    durationMinutes: Math.round(row.hours * 60),
  }
}

export function toPlaceOption(row: PlaceRow): NewPlaceOption {
  const place: NewPlaceOption = { name: row.name.trim() }
  if (row.address.trim()) place.address = row.address.trim()
  if (row.mapUrl.trim()) {
    place.mapUrl = row.mapUrl.trim()
    const coords = coordinatesFromMapUrl(place.mapUrl)
    if (coords) Object.assign(place, coords)
  }
  const capacity = capacityOf(row.capacity)
  if (capacity !== null) place.capacity = capacity
  return place
}

/** A capacity as typed ('' = no limit); anything else goes to the contract's check as a number. */
export const capacityOf = (text: string | undefined): number | null =>
  text?.trim() ? Number(text.trim()) : null

export function deadlineInstant(values: EventFormValues): string | null {
  if (!values.deadline) return null
  const [date, time] = values.deadline.split('T')
  return zonedToInstant(date!, time!, values.timeZone)
}

export function toCreateEvent(values: EventFormValues): CreateEvent {
  const body: CreateEvent = {
    title: values.title.trim(),
    description: values.description.trim(),
    timeZone: values.timeZone,
    visibility: values.visibility,
    timeOptions: values.times.map((row) => toTimeOption(row, values.timeZone)),
    placeOptions: values.places.map(toPlaceOption),
  }
  if (values.hideResults) body.hideResults = true
  if (values.hideNames) body.hideNames = true
  const capacity = capacityOf(values.capacity)
  if (capacity !== null) body.capacity = capacity
  if (values.allowParticipantOptions) body.allowParticipantOptions = true
  const deadline = deadlineInstant(values)
  if (deadline) {
    body.votingDeadline = deadline
    body.autoFinalize = values.afterDeadline === 'auto'
    body.nudgeHoursBeforeDeadline = nudgeHoursOf(values)
  }
  return body
}

/** The nudge setting as the API takes it (null = off). */
export const nudgeHoursOf = (values: Pick<EventFormValues, 'nudgeHours'>) =>
  values.nudgeHours === '' ? null : Number(values.nudgeHours)

/** The choices the form offers for the nudge, in hours before the deadline. */
export const NUDGE_HOURS = [1, 3, 6, 12, 24, 48, 72] as const

/** Server paths (/body/timeOptions/0/startsAt) onto the form's field keys (times.0). */
export function formFieldForServerPath(key: string): string {
  const time = /^timeOptions\.(\d+)/.exec(key)
  if (time) return `times.${time[1]}`
  const place = /^placeOptions\.(\d+)(?:\.(\w+))?/.exec(key)
  if (place)
    return `places.${place[1]}.${place[2] === 'mapUrl' || place[2] === 'address' || place[2] === 'capacity' ? place[2] : 'name'}`
  if (key === 'votingDeadline') return 'deadline'
  return key
}
