import { describe, expect, it, vi } from 'vitest'
import { translate } from '../i18n/i18n'
import { describeWhen, localText, whenText } from './when'
import { zoneName } from './zone-name'
import { zonedToInstant } from './zoned-time'

const en = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('en', key, params)
const ru = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
  translate('ru', key, params)

// The case: organizer in Moscow, guests in UTC and Los Angeles, event zone Europe/Moscow.
const start = zonedToInstant('2026-12-10', '19:00', 'Europe/Moscow')
const end = zonedToInstant('2026-12-10', '22:00', 'Europe/Moscow')
const text = (viewer: string, s = start, e: string | null = end, zone = 'Europe/Moscow', locale = 'en-GB') =>
  whenText(describeWhen(s, e, zone, viewer, locale), locale === 'en-GB' ? en : ru)

describe('the one time formatter', () => {
  it('names the event zone, and adds the viewer’s clock where it reads differently', () => {
    expect(text('Europe/Moscow')).toBe('Thu 10 Dec, 19:00–22:00 Moscow time')
    expect(text('UTC')).toBe('Thu 10 Dec, 19:00–22:00 Moscow time · 16:00–19:00 your time')
    expect(text('America/Los_Angeles')).toBe('Thu 10 Dec, 19:00–22:00 Moscow time · 08:00–11:00 your time')
    // Another zone that reads the same clock that day needs no second time.
    expect(text('Europe/Istanbul')).toBe('Thu 10 Dec, 19:00–22:00 Moscow time')
  })

  it('follows daylight saving: Los Angeles is 11 h behind Moscow in winter, 10 h in summer', () => {
    const july = zonedToInstant('2026-07-09', '19:00', 'Europe/Moscow')
    expect(text('America/Los_Angeles', july, null)).toBe('Thu 9 Jul, 19:00 Moscow time · 09:00 your time')
  })

  it('shows the viewer’s day when it is another day there, also for spans over midnight', () => {
    const s = zonedToInstant('2026-12-10', '02:00', 'Europe/Moscow')
    const e = zonedToInstant('2026-12-10', '05:00', 'Europe/Moscow')
    expect(text('America/Los_Angeles', s, e)).toBe(
      'Thu 10 Dec, 02:00–05:00 Moscow time · Wed 9 Dec, 15:00–18:00 your time',
    )
    expect(text('UTC', s, e)).toBe(
      'Thu 10 Dec, 02:00–05:00 Moscow time · Wed 9 Dec, 23:00 – Thu 10 Dec, 02:00 your time',
    )
    const late = zonedToInstant('2026-12-10', '23:00', 'Europe/Moscow')
    expect(text('Europe/Moscow', late, zonedToInstant('2026-12-11', '01:00', 'Europe/Moscow'))).toBe(
      'Thu 10 Dec, 23:00 – Fri 11 Dec, 01:00 Moscow time',
    )
  })

  it('reads in Russian', () => {
    expect(text('America/Los_Angeles', start, end, 'Europe/Moscow', 'ru-RU')).toBe(
      'чт, 10 дек., 19:00–22:00 (Москва) · 08:00–11:00 по вашему времени',
    )
    expect(text('UTC', start, null, 'America/Los_Angeles', 'ru-RU')).toBe(
      'чт, 10 дек., 08:00 (Лос-Анджелес) · 16:00 по вашему времени',
    )
  })

  it('writes offsets without "time": "19:00 UTC", and survives a zone the browser does not know', () => {
    const utc = '2026-12-10T19:00:00.000Z'
    expect(text('UTC', utc, null, 'UTC')).toBe('Thu 10 Dec, 19:00 UTC')
    expect(text('UTC', utc, null, 'Etc/GMT+3')).toBe('Thu 10 Dec, 16:00 UTC−3 · 19:00 your time')
    expect(text('UTC', utc, null, 'Mars/Olympus_Mons')).toBe('Thu 10 Dec, 19:00 UTC')
  })

  it('prints the event part like the bot does (services/notifications formatWhen), zone aside', () => {
    // The bot's options, so a drift between the SPA and the Telegram messages shows up here.
    for (const [language, locale] of [
      ['en', 'en-GB'],
      ['ru', 'ru-RU'],
    ] as const) {
      const bot = new Intl.DateTimeFormat(locale, {
        timeZone: 'Europe/Moscow',
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(start))
      const parts = describeWhen(start, null, 'Europe/Moscow', 'UTC', locale)
      expect(`${parts.day}, ${parts.clock}`, language).toBe(bot)
      expect(parts.zoneId).toBe('Europe/Moscow')
    }
  })

  it('prints a moment of no event on the viewer’s clock, zone named', () => {
    expect(localText(start, 'America/Los_Angeles', 'en-GB', en)).toBe(
      'Thu 10 Dec, 08:00 your time (Los Angeles)',
    )
    expect(localText(start, 'UTC', 'ru-RU', ru)).toBe('чт, 10 дек., 16:00 по вашему времени (UTC)')
  })
})

describe('zone names', () => {
  it('takes the city from the IANA name in English and CLDR’s name in Russian', () => {
    expect(zoneName('Europe/Moscow', 'en-GB')).toBe('Moscow')
    expect(zoneName('America/Los_Angeles', 'en-GB')).toBe('Los Angeles')
    expect(zoneName('America/Argentina/Buenos_Aires', 'en-GB')).toBe('Buenos Aires')
    expect(zoneName('Europe/Moscow', 'ru-RU')).toBe('Москва')
    expect(zoneName('America/Los_Angeles', 'ru-RU')).toBe('Лос-Анджелес')
  })

  it('finds Russian names in Chromium’s trimmed data too, which has no Russian city for shortGeneric', () => {
    const Full = Intl.DateTimeFormat
    // What Chromium answers: the exemplar city in Latin letters ("Moscow") instead of "Москва".
    class Trimmed extends Full {
      readonly #generic: boolean
      constructor(locales?: string | string[], options?: Intl.DateTimeFormatOptions) {
        super(locales, options)
        this.#generic = options?.timeZoneName === 'shortGeneric'
      }
      override formatToParts(date?: Date | number) {
        const zone = this.resolvedOptions().timeZone
        return super
          .formatToParts(date)
          .map((p) =>
            this.#generic && p.type === 'timeZoneName'
              ? { ...p, value: zone.slice(zone.lastIndexOf('/') + 1).replaceAll('_', ' ') }
              : p,
          )
      }
    }
    vi.stubGlobal('Intl', { ...Intl, DateTimeFormat: Trimmed })
    try {
      expect(zoneName('Europe/Moscow', 'ru-RU')).toBe('Москва')
      expect(zoneName('America/Los_Angeles', 'ru-RU')).toBe('Тихоокеанское время')
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('calls UTC and fixed offsets by their offset', () => {
    for (const zone of ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT']) expect(zoneName(zone, 'ru-RU')).toBe('UTC')
    expect(zoneName('Etc/GMT-5', 'en-GB')).toBe('UTC+5')
    expect(zoneName('CET', 'en-GB', Date.parse('2026-07-01T12:00:00Z'))).toBe('UTC+2')
  })
})
