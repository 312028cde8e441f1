/**
 * Wall-clock dates and times in an IANA zone ⇄ UTC instants, with the runtime's Intl only. "Every
 * Friday at 19:00 in Europe/Berlin" must stay 19:00 on the wall clock across DST changes, so repeats
 * and shifts are computed on the local date and converted back, never by adding hours to an instant.
 */

/** The parts of an instant as the wall clock in `timeZone` shows them. */
function wallParts(epochMs: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  }
}

function offsetMs(epochMs: number, timeZone: string): number {
  const p = wallParts(epochMs, timeZone)
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(epochMs / 1000) * 1000
}

const pad = (n: number) => String(n).padStart(2, '0')

/**
 * "2026-06-12" + "19:00" in Europe/Berlin → 2026-06-12T17:00:00.000Z. A time that does not exist
 * (skipped by a DST change) lands just after the gap; an ambiguous one on its first occurrence.
 */
export function wallTimeToInstant(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number)
  const [h, mi] = time.split(':').map(Number)
  const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!)
  // Two passes settle the offset across DST changes.
  let guess = asUtc - offsetMs(asUtc, timeZone)
  guess = asUtc - offsetMs(guess, timeZone)
  return new Date(guess)
}

/** An instant as the local date (YYYY-MM-DD) and time (HH:MM) in `timeZone`. */
export function instantToWallTime(at: Date, timeZone: string): { date: string; time: string } {
  const p = wallParts(at.getTime(), timeZone)
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` }
}

/** A calendar date plus whole days (no zone involved). */
export function addDaysToDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10)
}

/** Day of the week of a calendar date: 0 = Sunday … 6 = Saturday. */
export function weekdayOfDate(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay()
}

/** The same wall-clock time `weeks` weeks later in `timeZone` (19:00 stays 19:00 across DST). */
export function shiftByWeeks(at: Date, weeks: number, timeZone: string): Date {
  const { date, time } = instantToWallTime(at, timeZone)
  const shifted = wallTimeToInstant(addDaysToDate(date, weeks * 7), time, timeZone)
  // Keep seconds and milliseconds, which the wall-clock round trip drops.
  return new Date(shifted.getTime() + (((at.getTime() % 60_000) + 60_000) % 60_000))
}
