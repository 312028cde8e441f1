import { describe, expect, it } from 'vitest'
import {
  addDaysToDate,
  instantToWallTime,
  shiftByWeeks,
  wallTimeToInstant,
  weekdayOfDate,
} from './wall-clock.js'

describe('wall clock', () => {
  it('keeps 19:00 in Berlin at 19:00 across the spring and autumn DST changes', () => {
    const before = wallTimeToInstant('2027-03-26', '19:00', 'Europe/Berlin')
    expect(before.toISOString()).toBe('2027-03-26T18:00:00.000Z')
    const after = shiftByWeeks(before, 1, 'Europe/Berlin')
    expect(after.toISOString()).toBe('2027-04-02T17:00:00.000Z')
    expect(instantToWallTime(after, 'Europe/Berlin')).toEqual({ date: '2027-04-02', time: '19:00' })
    const autumn = shiftByWeeks(wallTimeToInstant('2027-10-29', '19:00', 'Europe/Berlin'), 1, 'Europe/Berlin')
    expect(autumn.toISOString()).toBe('2027-11-05T18:00:00.000Z')
  })

  it('moves a time in a zone without DST by exactly whole weeks, seconds kept', () => {
    const at = new Date('2027-03-26T16:00:30.500Z')
    expect(shiftByWeeks(at, 2, 'Europe/Moscow').toISOString()).toBe('2027-04-09T16:00:30.500Z')
    expect(shiftByWeeks(at, 0, 'UTC').toISOString()).toBe(at.toISOString())
  })

  it('counts calendar days and weekdays without a zone', () => {
    expect(addDaysToDate('2027-02-26', 7)).toBe('2027-03-05')
    expect(addDaysToDate('2028-12-29', 7)).toBe('2029-01-05')
    expect(weekdayOfDate('2027-03-26')).toBe(5)
  })
})
