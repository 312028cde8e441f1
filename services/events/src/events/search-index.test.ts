import { describe, expect, it } from 'vitest'
import { daysBetween, localDayAndHour, partOfDay, queryTerms, wordPrefixes, words } from './search-index.js'

describe('search index', () => {
  it('splits words in any script, folds case and accents', () => {
    expect(words('Café  EINSTEIN — Пивной бар!')).toEqual(['cafe', 'einstein', 'пивнои', 'бар'])
  })

  it('stores prefixes from 2 to 12 characters', () => {
    const prefixes = wordPrefixes('Biergarten')
    expect(prefixes).toContain('bi')
    expect(prefixes).toContain('biergarten')
    expect(prefixes).not.toContain('b')
    expect(wordPrefixes('Donaudampfschifffahrt')).toContain('donaudampfsc')
    expect(queryTerms('Donaudampfschifffahrt kapitän')).toEqual(['donaudampfsc', 'kapitan'])
  })

  it('names parts of the day', () => {
    expect([4, 5, 11, 12, 16, 17, 21, 22].map(partOfDay)).toEqual([
      'night',
      'morning',
      'morning',
      'afternoon',
      'afternoon',
      'evening',
      'evening',
      'night',
    ])
  })

  it('reads local day and hour in the event’s zone, across DST', () => {
    expect(localDayAndHour(new Date('2026-07-01T22:30:00Z'), 'Europe/Berlin')).toEqual({
      day: '2026-07-02',
      hour: 0,
    })
    expect(localDayAndHour(new Date('2026-12-01T22:30:00Z'), 'Europe/Berlin')).toEqual({
      day: '2026-12-01',
      hour: 23,
    })
    expect(localDayAndHour(new Date('2026-12-01T02:00:00Z'), 'America/New_York')).toEqual({
      day: '2026-11-30',
      hour: 21,
    })
  })

  it('enumerates days of a range', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ])
    expect(daysBetween('2026-03-02', '2026-03-01')).toEqual([])
  })
})
