/** Wall-clock date and time in an event's IANA zone ⇄ UTC instants, and how we print them. */

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

export function timeZones(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return zones.includes(current) ? zones : [current, ...zones]
}

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

/** "2026-06-12" + "19:00" in Europe/Berlin → "2026-06-12T17:00:00.000Z". */
export function zonedToInstant(date: string, time: string, timeZone: string): string {
  const [y, mo, d] = date.split('-').map(Number)
  const [h, mi] = time.split(':').map(Number)
  const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!)
  // Two passes settle the offset across DST changes.
  let guess = asUtc - offsetMs(asUtc, timeZone)
  guess = asUtc - offsetMs(guess, timeZone)
  return new Date(guess).toISOString()
}

const pad = (n: number) => String(n).padStart(2, '0')

export function instantToZoned(iso: string, timeZone: string): { date: string; time: string } {
  const p = wallParts(Date.parse(iso), timeZone)
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` }
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number)
  const next = new Date(Date.UTC(y!, m! - 1, d! + days))
  return next.toISOString().slice(0, 10)
}

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
