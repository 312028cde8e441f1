/** The time formatter bound to the UI language and the browser's zone (`useWhen`), and `<When>`, which renders it. */
import { useMemo } from 'react'
import { useI18n } from '../i18n/i18n'
import { browserTimeZone } from './zoned-time'
import { describeWhen, inZoneText, localText, whenText, yoursText, type WhenParts } from './when'

export function useWhen() {
  const { t, locale } = useI18n()
  const viewerZone = browserTimeZone()
  return useMemo(() => {
    const parts = (startsAt: string, endsAt: string | null, zone: string) =>
      describeWhen(startsAt, endsAt, zone, viewerZone, locale)
    return {
      viewerZone,
      parts,
      /** "Thu 10 Dec, 19:00–22:00 Moscow time · 08:00–11:00 your time" (one line, e.g. for an <option>). */
      text: (startsAt: string, endsAt: string | null, zone: string) =>
        whenText(parts(startsAt, endsAt, zone), t),
      inZone: (p: WhenParts, what?: string) => inZoneText(p, t, what),
      /** For a column or card head: "Thu 10 Dec" / "19:00–22:00 Moscow time" / "08:00–11:00 your time" (or null). */
      lines: (startsAt: string, endsAt: string | null, zone: string) => {
        const p = parts(startsAt, endsAt, zone)
        return { day: p.day, clock: inZoneText(p, t, p.clock), yours: yoursText(p, t) }
      },
      yours: (p: WhenParts) => yoursText(p, t),
      /** A moment of no event (comment, link expiry) on the viewer's clock, zone named. */
      local: (iso: string) => localText(iso, viewerZone, locale, t),
    }
  }, [t, locale, viewerZone])
}

/** The event-zone part as a <time> (its tooltip names the IANA zone, as the bot does), then "your time" if it differs. */
export function When({
  startsAt,
  endsAt = null,
  zone,
}: {
  startsAt: string
  endsAt?: string | null
  zone: string
}) {
  const { t } = useI18n()
  const when = useWhen()
  const parts = when.parts(startsAt, endsAt, zone)
  const yours = when.yours(parts)
  return (
    <span className="when">
      <time className="when-event" dateTime={startsAt} title={t('when.zoneTitle', { zone: parts.zoneId })}>
        {when.inZone(parts)}
      </time>
      {/* The space stays outside the inline-block part, where it can break the line. */}
      {yours && (
        <>
          {' '}
          <span className="when-yours">· {yours}</span>
        </>
      )}
    </span>
  )
}
