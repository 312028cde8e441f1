/** A time zone as people read it: "Moscow", "Los Angeles", "UTC", "UTC−3"; in Russian "Москва", "Лос-Анджелес". */

const UTC_ALIASES = /^(Etc\/)?(UTC|UCT|GMT|GMT[+-]0|GMT0|Universal|Zulu|Greenwich)$/i

function intlZoneName(
  zone: string,
  locale: string,
  style: 'shortGeneric' | 'shortOffset' | 'long' | 'longGeneric',
  at: number,
): string | null {
  try {
    return (
      new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style })
        .formatToParts(new Date(at))
        .find((p) => p.type === 'timeZoneName')?.value ?? null
    )
  } catch {
    return null
  }
}

/** "GMT-3" → "UTC−3": one spelling for fixed offsets, whatever the locale's data says. */
function offsetName(zone: string, locale: string, at: number): string {
  const raw = intlZoneName(zone, locale, 'shortOffset', at) ?? 'GMT'
  const offset = raw.replace(/^(GMT|UTC)/, '')
  return offset ? `UTC${offset.replace('-', '−')}` : 'UTC'
}

/** True when `zoneName` is an offset ("UTC", "UTC+3") rather than a place, which reads differently ("19:00 UTC"). */
export function isOffsetName(name: string): boolean {
  return /^UTC([+−-]|$)/.test(name)
}

const cyrillic = (name: string | null): name is string => name !== null && /\p{Script=Cyrillic}/u.test(name)

/**
 * A Russian name from whatever the browser's CLDR data has. Full data (Node, Firefox) names the city
 * or the one-zone country ("Москва", "Лос-Анджелес", "Германия"); Chromium's trimmed data lacks those
 * cities but keeps the long names, which start with the city ("Москва, стандартное время") or name
 * the region ("Тихоокеанское время").
 */
function russianZoneName(zone: string, locale: string, at: number): string | null {
  const generic = intlZoneName(zone, locale, 'shortGeneric', at)
  if (cyrillic(generic)) return generic
  const long = intlZoneName(zone, locale, 'long', at)
  const place = long?.includes(', ') ? long.slice(0, long.indexOf(', ')) : null
  if (cyrillic(place)) return place
  const region = intlZoneName(zone, locale, 'longGeneric', at)
  return cyrillic(region) ? region : null
}

/**
 * English takes the city from the IANA name (what the bot prints in full, e.g. "Europe/Moscow"), so
 * both agree; Russian takes CLDR's names (see russianZoneName), and falls back to the IANA city when
 * the browser's data has none. `at` picks the offset for zones that are only an offset and change it
 * (CET in summer is UTC+2).
 */
export function zoneName(zone: string, locale: string, at = Date.now()): string {
  if (UTC_ALIASES.test(zone)) return 'UTC'
  // Etc/GMT+3 and legacy names like "CET" name no place: their offset at that moment says more.
  if (/^Etc\//i.test(zone) || !zone.includes('/')) return offsetName(zone, locale, at)
  const russian = locale.toLowerCase().startsWith('ru') ? russianZoneName(zone, locale, at) : null
  if (russian) return russian
  return zone.slice(zone.lastIndexOf('/') + 1).replaceAll('_', ' ')
}
