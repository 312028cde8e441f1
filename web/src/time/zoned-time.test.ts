import { describe, expect, it } from 'vitest'
import { addDays, formatRange, instantToZoned, zonedToInstant } from './zoned-time'

describe('zoned time', () => {
  it('converts wall-clock time in a zone to UTC, across daylight saving', () => {
    expect(zonedToInstant('2030-01-15', '19:00', 'Europe/Berlin')).toBe('2030-01-15T18:00:00.000Z')
    expect(zonedToInstant('2030-07-15', '19:00', 'Europe/Berlin')).toBe('2030-07-15T17:00:00.000Z')
    expect(zonedToInstant('2030-07-15', '19:00', 'Asia/Kolkata')).toBe('2030-07-15T13:30:00.000Z')
    expect(zonedToInstant('2030-03-31', '03:30', 'Europe/Berlin')).toBe('2030-03-31T01:30:00.000Z')
  })

  it('reads an instant back as the zone shows it', () => {
    expect(instantToZoned('2030-07-15T22:30:00.000Z', 'Europe/Moscow')).toEqual({
      date: '2030-07-16',
      time: '01:30',
    })
    expect(
      instantToZoned(zonedToInstant('2030-10-27', '23:15', 'America/New_York'), 'America/New_York'),
    ).toEqual({ date: '2030-10-27', time: '23:15' })
  })

  it('adds days over month ends and formats ranges', () => {
    expect(addDays('2030-01-31', 1)).toBe('2030-02-01')
    expect(
      formatRange('2030-07-15T17:00:00.000Z', '2030-07-15T20:00:00.000Z', 'Europe/Berlin', 'en-GB'),
    ).toBe('Mon 15 Jul, 19:00–22:00')
  })
})
