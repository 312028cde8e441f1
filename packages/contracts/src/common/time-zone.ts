import { Type } from '@sinclair/typebox'

/** An IANA time zone name such as Europe/Berlin; services check it against the runtime's zone list. */
export const TimeZoneName = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z][A-Za-z0-9_+\\-]*(/[A-Za-z0-9_+\\-]+){0,2}$',
  description: 'IANA time zone, e.g. Europe/Berlin',
  examples: ['Europe/Berlin'],
})

/** The set of zones this runtime knows, so "Mars/Olympus" is refused with a clear message. */
export function isKnownTimeZone(zone: string): boolean {
  if (zone === 'UTC') return true
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}
