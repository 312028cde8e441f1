/** Normalising what users type into their profile: display names, time zones, emails. */
import { invalid } from '@prost/platform'

export const DEFAULT_TIME_ZONE = 'UTC'

/** Trims and collapses runs of white space, so "  Ada   Lovelace " is stored as "Ada Lovelace". */
export const cleanDisplayName = (name: string) => name.normalize('NFKC').trim().replace(/\s+/gu, ' ')

export const normalizeEmail = (email: string) => email.trim().toLowerCase()

/**
 * The canonical name of an IANA zone ("europe/berlin" → "Europe/Berlin", "US/Pacific" →
 * "America/Los_Angeles"), or undefined when the runtime does not know it. Offsets such as
 * "+01:00" are refused: they are not zones and do not follow daylight saving time.
 */
export function canonicalTimeZone(zone: string): string | undefined {
  if (!/^[A-Za-z]/.test(zone)) return undefined
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone
  } catch {
    return undefined
  }
}

/** The canonical zone, or a 400 naming the field. */
export function requireTimeZone(zone: string, path = '/body/timeZone'): string {
  const canonical = canonicalTimeZone(zone)
  if (!canonical) throw invalid(path, 'is not a known IANA time zone')
  return canonical
}
