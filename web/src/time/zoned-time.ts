/** Wall-clock date and time in an event's IANA zone ⇄ UTC instants, and how we print them. */
import { addDaysToDate, instantToWallTime, wallTimeToInstant } from '@prost/contracts'

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

export function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return zones.includes(current) ? zones : [current, ...zones]
}

/** "2026-06-12" + "19:00" in Europe/Berlin → "2026-06-12T17:00:00.000Z" (the server's wall clock, see contracts). */
export function zonedToInstant(date: string, time: string, timeZone: string): string {
  return wallTimeToInstant(date, time, timeZone).toISOString()
}

export function instantToZoned(iso: string, timeZone: string): { date: string; time: string } {
  return instantToWallTime(new Date(iso), timeZone)
}

export const addDays = addDaysToDate

export function todayIn(timeZone: string): string {
  return instantToZoned(new Date().toISOString(), timeZone).date
}

export function formatDay(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(new Date(iso))
}

export function formatTime(iso: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  )
}

export function formatWhen(iso: string, timeZone: string, locale: string): string {
  return `${formatDay(iso, timeZone, locale)}, ${formatTime(iso, timeZone, locale)}`
}

export function formatRange(startsAt: string, endsAt: string, timeZone: string, locale: string): string {
  const sameDay = instantToZoned(startsAt, timeZone).date === instantToZoned(endsAt, timeZone).date
  return sameDay
    ? `${formatWhen(startsAt, timeZone, locale)}–${formatTime(endsAt, timeZone, locale)}`
    : `${formatWhen(startsAt, timeZone, locale)} – ${formatWhen(endsAt, timeZone, locale)}`
}

/** Short weekday + day for a YYYY-MM-DD date: "Sat 14". */
export function formatDateChip(date: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric' }).format(
    new Date(`${date}T12:00:00Z`),
  )
}
