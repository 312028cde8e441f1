/**
 * When a series meets and when each poll is due, on the wall clock of the series' zone: an
 * occurrence on a local date starts at the local `time` that day (so 19:00 stays 19:00 across DST),
 * and its poll is due `leadDays` days before.
 */
import { addDaysToDate, wallTimeToInstant } from '@prost/contracts'
import { hourBucket } from '../events/deadline-due.js'

type Schedule = {
  time: string
  timeZone: string
  leadDays: number
  intervalWeeks: number
  until: string | null
}

export const startOf = (s: Pick<Schedule, 'time' | 'timeZone'>, date: string) =>
  wallTimeToInstant(date, s.time, s.timeZone)

export const dueAt = (s: Pick<Schedule, 'time' | 'timeZone' | 'leadDays'>, date: string) =>
  new Date(startOf(s, date).getTime() - s.leadDays * 86_400_000)

export const dueHourOf = (s: Schedule, date: string | null) => (date ? hourBucket(dueAt(s, date)) : null)

/** The occurrence after `date`, or null past the series' end. */
export function following(s: Schedule, date: string): string | null {
  const next = addDaysToDate(date, 7 * s.intervalWeeks)
  return s.until && next > s.until ? null : next
}

/** The first occurrence from `date` on that has not started by `now` (null if the series ends first). */
export function upcoming(s: Schedule, date: string | null, now: Date): string | null {
  let current = date
  while (current && startOf(s, current).getTime() <= now.getTime()) current = following(s, current)
  if (current && s.until && current > s.until) return null
  return current
}
