/**
 * The one way the SPA prints a meetup's time: on the event zone's clock with the zone named, plus
 * the viewer's own clock wherever it reads differently ("19:00 Moscow time · 08:00 your time").
 */
import type { Translate } from '../i18n/i18n'
import { formatDay, formatTime, instantToZoned } from './zoned-time'
import { isOffsetName, zoneName } from './zone-name'

export interface WhenParts {
  startsAt: string
  /** The IANA zone the event part is in (what the bot prints, e.g. "Europe/Moscow"). */
  zoneId: string
  /** Readable name of that zone: "Moscow", "UTC", "Москва". */
  zone: string
  /** Day on the event zone's clock: "Thu 10 Dec". */
  day: string
  /** "19:00–22:00", "19:00" without an end, "22:00 – Fri 11 Dec, 01:00" when it ends another day. */
  clock: string
  /**
   * The same span on the viewer's clock ("08:00–11:00"), with the day when that is another day
   * than the event's ("Wed 9 Dec, 23:00–02:00"); null when the viewer's clock reads the same.
   */
  yours: string | null
}

/** A zone Intl cannot use (a stored name newer data dropped) would throw while rendering; the bot prints UTC then too. */
function usableZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return zone
  } catch {
    return 'UTC'
  }
}

function clockIn(startsAt: string, endsAt: string | null, zone: string, locale: string): string {
  const start = formatTime(startsAt, zone, locale)
  if (!endsAt) return start
  const sameDay = instantToZoned(startsAt, zone).date === instantToZoned(endsAt, zone).date
  return sameDay
    ? `${start}–${formatTime(endsAt, zone, locale)}`
    : `${start} – ${formatDay(endsAt, zone, locale)}, ${formatTime(endsAt, zone, locale)}`
}

const sameWallClock = (iso: string, a: string, b: string) => {
  const x = instantToZoned(iso, a)
  const y = instantToZoned(iso, b)
  return x.date === y.date && x.time === y.time
}

export function describeWhen(
  startsAt: string,
  endsAt: string | null,
  eventZone: string,
  viewerZone: string,
  locale: string,
): WhenParts {
  const zoneId = usableZone(eventZone)
  const viewer = usableZone(viewerZone)
  const same = sameWallClock(startsAt, zoneId, viewer) && (!endsAt || sameWallClock(endsAt, zoneId, viewer))
  let yours: string | null = null
  if (!same) {
    const clock = clockIn(startsAt, endsAt, viewer, locale)
    const otherDay = instantToZoned(startsAt, viewer).date !== instantToZoned(startsAt, zoneId).date
    yours = otherDay ? `${formatDay(startsAt, viewer, locale)}, ${clock}` : clock
  }
  return {
    startsAt,
    zoneId,
    zone: zoneName(zoneId, locale, Date.parse(startsAt)),
    day: formatDay(startsAt, zoneId, locale),
    clock: clockIn(startsAt, endsAt, zoneId, locale),
    yours,
  }
}

/** "19:00–22:00 Moscow time" / "19:00 UTC" / "19:00–22:00 (Москва)"; `what` defaults to day and clock. */
export function inZoneText(parts: WhenParts, t: Translate, what = `${parts.day}, ${parts.clock}`): string {
  return t(isOffsetName(parts.zone) ? 'when.inOffset' : 'when.inZone', { when: what, zone: parts.zone })
}

/** "08:00–11:00 your time", or null when the viewer's clock reads like the event's. */
export function yoursText(parts: WhenParts, t: Translate): string | null {
  return parts.yours === null ? null : t('when.yours', { when: parts.yours })
}

/** "Thu 10 Dec, 19:00–22:00 Moscow time · 08:00–11:00 your time". */
export function whenText(parts: WhenParts, t: Translate): string {
  const yours = yoursText(parts, t)
  return yours ? `${inZoneText(parts, t)} · ${yours}` : inZoneText(parts, t)
}

/** A moment that belongs to no event (a comment, a link's expiry): "Thu 10 Dec, 08:00 your time (Los Angeles)". */
export function localText(iso: string, viewerZone: string, locale: string, t: Translate): string {
  const zone = usableZone(viewerZone)
  return t('when.local', {
    when: `${formatDay(iso, zone, locale)}, ${formatTime(iso, zone, locale)}`,
    zone: zoneName(zone, locale, Date.parse(iso)),
  })
}
